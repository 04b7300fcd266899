# Where the executors of [=app.name] run in [=env.name]. sparkgen's executor feature step merges these
# fields of spec into every executor pod Spark creates (k8s/base/executor-scheduling.yaml tells how):
# nodeSelector, tolerations, affinity, topologySpreadConstraints, priorityClassName; nothing else
# reaches them. A file, not an object of the cluster: it is key executor-scheduling.yaml of ConfigMap
# [=app.name]-spark-pod-templates (kustomization.yaml), which the driver mounts and reads when the
# job starts, so the driver needs no right to read it. Uncomment what you need under spec:
apiVersion: v1
kind: Pod
spec:
  # priorityClassName: spark-batch
  # nodeSelector:
  #   node-pool: spark
  # tolerations:
  #   - key: dedicated
  #     operator: Equal
  #     value: spark
  #     effect: NoSchedule
  # affinity:
  #   podAntiAffinity:
  #     preferredDuringSchedulingIgnoredDuringExecution:
  #       - weight: 100
  #         podAffinityTerm:
  #           topologyKey: kubernetes.io/hostname
  #           labelSelector:
  #             matchLabels:
  #               spark-role: executor
  #               app.kubernetes.io/instance: "[=env.namespace]"
