<#-- sql-batch's own section of the shared README.md.ftl, which includes it (with readmeSection
     set) where the job is described; rendered on its own it is empty, so it makes no file. -->
<#if readmeSection??>
## The job: daily order totals

`[=archetype.mainClassName]` reads orders (Parquet, or CSV with a header line), one row per order:

| Column | Type | Example |
| --- | --- | --- |
| `order_id` | string | `o-1001` |
| `customer_id` | string | `c-42` |
| `country` | string | `DE` |
| `amount` | decimal(12,2) | `19.90` |
| `order_ts` | timestamp (UTC) | `2026-01-01 09:30:00` |

and writes, with Spark SQL (`[=archetype.mainClassName].<#if app.language == "scala">Sql<#else>SQL</#if>`), one row per day, customer and country:
`order_date` (the partition: `order_date=2026-01-01/`), `customer_id`, `country` (upper case),
`orders` (how many distinct orders: the same row delivered twice, a replayed export, counts once)
and `total_amount` (decimal(22,2), their sum), as Parquet.

Its arguments, per environment in `k8s/overlays/<env>/kustomization.yaml` (the Job's patch):

| Argument | Meaning |
| --- | --- |
| `--input PATH` | where the orders are (`s3a://bucket/prefix`, `gs://…`, a local path in tests) |
| `--output PATH` | where the totals go |
| `--format parquet\|csv` | the input's format (default `parquet`) |
| `--date YYYY-MM-DD` | only this day's orders (a daily run, a backfill); without it, every day in the input |

**A retried run leaves the same result.** The Job retries a failed driver (`backoffLimit`) and
starts it again after a disruption, so the job runs again over output a first attempt may have
half written. It writes with `partitionOverwriteMode=dynamic`: each `order_date` partition it
writes is replaced as a whole, no other is touched, and Spark stages the files of the run and
moves them into place only when every task has finished. So a second run of the same input and
`--date` gives the same rows, never doubled ones, and a run for one day leaves the other days
alone. `[=archetype.mainClassName]Test` runs it twice on files it writes and checks just that<#if objectStores.s3a>;
`ObjectStoreIT` does the same on a real S3-compatible server (s3proxy, started by the test) through
`s3a://` and the S3A connector of the image's Hadoop, with the settings an overlay's
`spark.properties` gives an S3-compatible store (`spark.hadoop.fs.s3a.*`, credentials from
`AWS_*` variables as the Secret hands them over). s3proxy, like some S3-compatible stores, refuses
the AWS SDK's bulk delete (HTTP 501): the test sets `spark.hadoop.fs.s3a.multiobjectdelete.enable=false`,
which such a store needs in the overlay too</#if>.
<#if !objectStores.keys?has_content>

No object-store connector is in the image yet: `sparkgen upgrade --object-store s3a` (or `gcs`)
adds it, with the settings to reach the store (k8s/overlays/<env>/spark.properties).
</#if>

</#if>
