package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.Credentials.Kind;
import dev.sparkgen.spec.StandaloneSetting.Form;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detector the translator and validate share: a credential of every kind it knows found, by
 * key, shape, inside Java options and in variables; and the names and values that only look like
 * one (switches, paths to mounted files, class names, Kubernetes Secret references, principals)
 * left alone.
 */
class CredentialsTest {

  static Stream<Arguments> credentials() {
    return Stream.of(
        Arguments.of("spark.hadoop.fs.s3a.access.key", "AKIAIOSFODNN7EXAMPLE", Kind.OBJECT_STORE),
        Arguments.of("spark.hadoop.fs.s3a.secret.key", "short", Kind.OBJECT_STORE),
        Arguments.of("spark.hadoop.fs.s3a.session.token", "$TOKEN", Kind.OBJECT_STORE),
        Arguments.of("spark.hadoop.fs.s3a.bucket.raw-events.secret.key", "x", Kind.OBJECT_STORE),
        Arguments.of("spark.hadoop.fs.s3a.bucket.raw.access.key", "x", Kind.OBJECT_STORE),
        Arguments.of("spark.hadoop.fs.gs.auth.service.account.private.key", "x", Kind.OBJECT_STORE),
        Arguments.of(
            "spark.hadoop.google.cloud.auth.service.account.private.key.id",
            "x",
            Kind.OBJECT_STORE),
        Arguments.of(
            "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net", "x", Kind.OBJECT_STORE),
        Arguments.of(
            "spark.hadoop.fs.azure.account.oauth2.client.secret.lake.dfs.core.windows.net",
            "x",
            Kind.OBJECT_STORE),
        Arguments.of(
            "spark.hadoop.fs.azure.sas.c.lake.blob.core.windows.net",
            "sv=1&sig=x",
            Kind.OBJECT_STORE),
        Arguments.of("spark.ssl.keyStorePassword", "changeit", Kind.OTHER),
        Arguments.of("spark.ssl.rpc.keyPassword", "changeit", Kind.OTHER),
        Arguments.of("spark.ssl.ui.trustStorePassword", "changeit", Kind.OTHER),
        Arguments.of("spark.hadoop.javax.jdo.option.ConnectionPassword", "hive", Kind.OTHER),
        Arguments.of("spark.myapp.jdbc.password", "12345678", Kind.OTHER),
        Arguments.of(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:mysql://meta:3306/hive?user=hive&password=hunter2",
            Kind.OTHER),
        Arguments.of(
            "spark.myapp.storage",
            "DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=abc==;",
            Kind.OTHER),
        Arguments.of("spark.authenticate.secret", "SparkAuth0029", Kind.SPARK_AUTH),
        Arguments.of(
            "spark.kubernetes.authenticate.submission.oauthToken", "OauthTok0030", Kind.OTHER),
        Arguments.of(
            "spark.driver.extraJavaOptions",
            "-Xss4m -Djavax.net.ssl.trustStorePassword=changeit",
            Kind.JAVA_OPTION),
        Arguments.of(
            "spark.executor.extraJavaOptions",
            "-Dfs.s3a.secret.key=\"abc def\" -XX:+UseG1GC",
            Kind.JAVA_OPTION),
        Arguments.of(
            "spark.executor.defaultJavaOptions",
            "-Dpartner.id=AKIAIOSFODNN7EXAMPLE",
            Kind.JAVA_OPTION),
        Arguments.of("spark.executorEnv.AWS_SECRET_ACCESS_KEY", "x", Kind.OBJECT_STORE),
        Arguments.of("spark.kubernetes.driverEnv.AZURE_STORAGE_KEY", "x", Kind.OBJECT_STORE),
        Arguments.of("spark.yarn.appMasterEnv.DB_PASSWORD", "x", Kind.OTHER),
        Arguments.of("spark.executorEnv.SPARK_SUBMIT_OPTS", "-Dmy.password=x", Kind.JAVA_OPTION),
        // By shape, under keys that say nothing
        Arguments.of(
            "spark.myapp.key",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
            Kind.OTHER),
        Arguments.of("spark.myapp.partner", "ASIAIOSFODNN7EXAMPLE", Kind.OTHER),
        Arguments.of("spark.myapp.gh", "ghp_us5I26Yce2xgh3J0MchTRW8VFdZZeZfm8eE8", Kind.OTHER),
        Arguments.of(
            "spark.myapp.notify", "xoxb-678991576947-vVsroyQb98XZ5vk1qd9NLz4n", Kind.OTHER),
        Arguments.of(
            "spark.myapp.sa", "{\"type\": \"service_account\", \"project_id\": \"p\"}", Kind.OTHER),
        Arguments.of(
            "spark.myapp.signing", "kjLv45Ak5AeMKpHL6trsBpjWiqGN0HfVXko6/kkKOAfxcWiJ", Kind.OTHER),
        Arguments.of("spark.myapp.digest", "65220a57822390e9b988158d190924af17feb19e", Kind.OTHER),
        Arguments.of(
            "spark.jars.repositories",
            "https://deploy:s3cret@nexus.example.com/maven/",
            Kind.OTHER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("credentials")
  void findsTheCredential(String key, String value, Kind kind) {
    assertThat(Credentials.inSetting(key, value))
        .hasValueSatisfying(
            found -> {
              assertThat(found.kind()).isEqualTo(kind);
              assertThat(found.what()).doesNotContain(value);
            });
  }

  static Stream<Arguments> notCredentials() {
    return Stream.of(
        Arguments.of("spark.authenticate", "true"),
        Arguments.of("spark.authenticate.secret.file", "/mnt/secrets/spark-auth"),
        Arguments.of("spark.authenticate.secret.driver.file", "/mnt/secrets/driver"),
        Arguments.of("spark.kubernetes.authenticate.driver.serviceAccountName", "spark"),
        Arguments.of("spark.kubernetes.authenticate.driver.oauthTokenFile", "/var/run/token"),
        Arguments.of("spark.kerberos.principal", "etl@CORP.EXAMPLE.COM"),
        Arguments.of("spark.kerberos.keytab", "/etc/security/keytabs/etl.keytab"),
        Arguments.of("spark.kerberos.renewal.credentials", "ccache"),
        Arguments.of("spark.kerberos.access.hadoopFileSystems", "hdfs://nn:8020"),
        Arguments.of(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider"),
        Arguments.of("spark.security.credentials.hive.enabled", "false"),
        Arguments.of(
            "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID",
            "objstore:AWS_ACCESS_KEY_ID"),
        Arguments.of("spark.kubernetes.driver.secrets.spark-ssl", "/opt/spark/secrets"),
        Arguments.of("spark.kubernetes.kerberos.tokenSecret.name", "delegation-tokens"),
        Arguments.of("spark.ssl.keyStore", "/etc/pki/keystore.jks"),
        Arguments.of("spark.ssl.keyStorePassword", "${env:SSL_KEYSTORE_PASSWORD}"),
        Arguments.of(
            "spark.hadoop.google.cloud.auth.service.account.json.keyfile", "/etc/gcp/sa.json"),
        Arguments.of(
            "spark.hadoop.hadoop.security.credential.provider.path",
            "localjceks://file/opt/spark/secrets/store.jceks"),
        Arguments.of("spark.executorEnv.GOOGLE_APPLICATION_CREDENTIALS", "/etc/gcp/sa.json"),
        Arguments.of("spark.redaction.regex", "(?i)secret|password|token|access[.]key"),
        Arguments.of(
            "spark.eventLog.dir",
            "hdfs://namenode.corp.example.com:8020/user/spark/applicationHistory"),
        Arguments.of("spark.app.id", "550e8400-e29b-41d4-a716-446655440000"),
        Arguments.of(
            "spark.jars",
            "/opt/spark/jars/spark-sql_2.13-4.0.0.jar,/opt/libs/reporting-commons.jar"),
        Arguments.of(
            "spark.driver.extraJavaOptions",
            "-Dlog4j2.configurationFile=/opt/spark/conf/log4j2.properties -XX:+UseG1GC"),
        Arguments.of("spark.executorEnv.HADOOP_USER_NAME", "etl"),
        Arguments.of("spark.sql.shuffle.partitions", "200"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("notCredentials")
  void leavesWhatOnlyLooksLikeOne(String key, String value) {
    assertThat(Credentials.inSetting(key, value)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("credentials")
  void aRedactedSettingHoldsNoneOfTheValueAndStaysACredential(String key, String value, Kind kind) {
    StandaloneSetting setting = new StandaloneSetting("x.conf", 1, Form.PROPERTY, key, value);
    assertThat(setting.redacted()).isTrue();
    assertThat(setting.credential()).isPresent();
    // Read back from the answers file: redacted once is redacted for good.
    StandaloneSetting again =
        new StandaloneSetting("x.conf", 1, Form.PROPERTY, key, setting.value());
    assertThat(again.value()).isEqualTo(setting.value());
    assertThat(setting.value()).isNotEqualTo(value).contains(Credentials.REDACTED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variables")
  void findsCredentialsInVariables(String name, String value, boolean credential) {
    assertThat(Credentials.inVariable(name, value).isPresent()).isEqualTo(credential);
  }

  static Stream<Arguments> variables() {
    return Stream.of(
        Arguments.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", true),
        Arguments.of("AWS_SECRET_ACCESS_KEY", "x", true),
        Arguments.of("AWS_SESSION_TOKEN", "x", true),
        Arguments.of("AZURE_STORAGE_KEY", "x", true),
        Arguments.of("HADOOP_CREDSTORE_PASSWORD", "none-of-your-business", true),
        Arguments.of("SPARK_SUBMIT_OPTS", "-Djavax.net.ssl.keyStorePassword=x", true),
        Arguments.of("GOOGLE_APPLICATION_CREDENTIALS", "/etc/gcp/sa.json", false),
        Arguments.of("GOOGLE_APPLICATION_CREDENTIALS", "{\"type\": \"service_account\"}", true),
        Arguments.of("SPARK_HOME", "/opt/spark", false),
        Arguments.of("HADOOP_CONF_DIR", "/etc/hadoop/conf", false),
        Arguments.of("SPARK_SUBMIT_OPTS", "-Dreport.month=${MONTH}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactions")
  void redactsOnlyTheSecretPartWhereTheRestSaysWhatItWas(
      String key, String value, String redacted) {
    StandaloneSetting setting = new StandaloneSetting("x.conf", 1, Form.PROPERTY, key, value);
    assertThat(setting.value()).isEqualTo(redacted);
  }

  static Stream<Arguments> redactions() {
    return Stream.of(
        Arguments.of(
            "spark.driver.extraJavaOptions",
            "-Djavax.net.ssl.trustStore=/etc/pki/t.jks -Djavax.net.ssl.trustStorePassword=changeit -Xss4m",
            "-Djavax.net.ssl.trustStore=/etc/pki/t.jks -Djavax.net.ssl.trustStorePassword=<redacted> -Xss4m"),
        Arguments.of(
            "spark.jars.repositories",
            "https://deploy:s3cret@nexus.example.com/maven/",
            "https://deploy:<redacted>@nexus.example.com/maven/"),
        Arguments.of(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:mysql://meta:3306/hive?user=hive&password=hunter2",
            "jdbc:mysql://meta:3306/hive?user=hive&password=<redacted>"),
        Arguments.of("spark.hadoop.fs.s3a.secret.key", "abc", "<redacted>"),
        // A second secret the partial redaction would leave: all of it goes.
        Arguments.of(
            "spark.myapp.url",
            "https://u:p4ss@h/x?t=ghp_us5I26Yce2xgh3J0MchTRW8VFdZZeZfm8eE8",
            "<redacted>"));
  }
}
