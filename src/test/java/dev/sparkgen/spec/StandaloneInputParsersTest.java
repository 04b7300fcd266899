package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The submit script and spark-defaults.conf read as the shell and Spark read them. */
class StandaloneInputParsersTest {

  private static List<String> written(List<StandaloneSetting> settings) {
    return settings.stream()
        .map(s -> s.line() + " " + s.form() + " " + s.name() + " = " + s.value())
        .toList();
  }

  @Test
  void splitsWordsAsTheShellDoesAndKeepsVariablesUnexpanded() {
    String script =
        """
        #!/bin/bash
        export SPARK_WORKER_CORES=8 OTHER=1   # only Spark's variables count
        INPUT=/data/in
        nohup $SPARK_HOME/bin/spark-submit --master=spark://a:7077,b:7077 \\
          --conf "spark.driver.extraJavaOptions=-Da=1 -Db=\\"two\\"" \\
          -c 'spark.x=$NOT_EXPANDED' --supervise --verbose \\
          --driver-memory ${DRIVER_MEM:-2g} \\
          app.jar "$INPUT" 'a b' c\\ d $(date +%F) 2>&1 | tee log &
        echo done # a command after it
        """;

    assertThat(written(SubmitScript.parse("submit.sh", script)))
        .containsExactly(
            "2 VARIABLE SPARK_WORKER_CORES = 8",
            "4 OPTION --master = spark://a:7077,b:7077",
            "5 CONF spark.driver.extraJavaOptions = -Da=1 -Db=\"two\"",
            "6 CONF spark.x = $NOT_EXPANDED",
            "6 OPTION --supervise = ",
            "6 OPTION --verbose = ",
            "7 OPTION --driver-memory = ${DRIVER_MEM:-2g}",
            "8 APPLICATION_JAR application jar = app.jar",
            "8 ARGUMENT 1 = $INPUT",
            "8 ARGUMENT 2 = a b",
            "8 ARGUMENT 3 = c d",
            "8 ARGUMENT 4 = $(date +%F)");
  }

  @Test
  void aQuotedValueMaySpanLinesAndItsSettingStartsWhereItBegins() {
    List<StandaloneSetting> settings =
        SubmitScript.parse("s", "spark-submit --conf 'spark.a=x\ny' --class C \\\n  app.jar\n");

    assertThat(written(settings))
        .containsExactly(
            "1 CONF spark.a = x\ny",
            "2 OPTION --class = C",
            "3 APPLICATION_JAR application jar = app.jar");
  }

  @Test
  void redirectionsAndTheirTargetsAreNotArguments() {
    String script =
        "spark-submit app.jar in > out.log 2>> err.log < input.txt >\tlast.log >|clobbered 3<&0 next\n";

    assertThat(written(SubmitScript.parse("s", script)))
        .containsExactly(
            "1 APPLICATION_JAR application jar = app.jar",
            "1 ARGUMENT 1 = in",
            "1 ARGUMENT 2 = next");
  }

  @Test
  void aCommentOrADollarSignMayEndTheFileWithoutANewline() {
    assertThat(written(SubmitScript.parse("s", "spark-submit app.jar # the nightly run")))
        .containsExactly("1 APPLICATION_JAR application jar = app.jar");
    assertThat(written(SubmitScript.parse("s", "spark-submit app.jar cost$")))
        .containsExactly("1 APPLICATION_JAR application jar = app.jar", "1 ARGUMENT 1 = cost$");
  }

  @Test
  void aBackslashEndingTheFileIsDroppedAsTheShellDropsIt() {
    assertThat(written(SubmitScript.parse("s", "spark-submit app.jar in\\")))
        .containsExactly("1 APPLICATION_JAR application jar = app.jar", "1 ARGUMENT 1 = in");
    assertThat(written(SubmitScript.parse("s", "spark-submit app.jar \\")))
        .containsExactly("1 APPLICATION_JAR application jar = app.jar");
  }

  @Test
  void insideDoubleQuotesABackslashEscapesOnlyWhatTheShellEscapesThere() {
    List<StandaloneSetting> settings =
        SubmitScript.parse(
            "s",
            "spark-submit --conf \"spark.a=\\$HOME \\x \\\" \\\\ \\`\" --conf \"spark.b=x\\\ny\" \\\n"
                + " --conf \"spark.c=${X:-\"a b\"}\" --conf \"spark.d='$(hostname)'\" \\\n"
                + " --class \"C\nD\" --name n app.jar");

    assertThat(written(settings))
        .containsExactly(
            "1 CONF spark.a = $HOME \\x \" \\ `",
            "1 CONF spark.b = xy",
            "3 CONF spark.c = ${X:-\"a b\"}",
            "3 CONF spark.d = '$(hostname)'",
            "4 OPTION --class = C\nD",
            "5 OPTION --name = n",
            "5 APPLICATION_JAR application jar = app.jar");
  }

  @Test
  void aVariableIsASettingWhereTheScriptAssignsOrExportsItNotWhereACommandPrintsIt() {
    String script =
        """
        export JAVA_OPTS SPARK_CONF_DIR=/etc/spark
        echo SPARK_HOME=/opt/other
        HADOOP_CONF_DIR=/etc/hadoop spark-submit app.jar
        """;

    assertThat(written(SubmitScript.parse("s", script)))
        .containsExactly(
            "1 VARIABLE SPARK_CONF_DIR = /etc/spark",
            "3 VARIABLE HADOOP_CONF_DIR = /etc/hadoop",
            "3 APPLICATION_JAR application jar = app.jar");
  }

  @Test
  void refusesWhatTheShellOrSparkSubmitWouldRefuseNamingFileAndLine() {
    assertThatThrownBy(
            () ->
                SubmitScript.parse(
                    "jobs/submit.sh", "spark-submit \\\n  --conf \"spark.a=1 \\\n  app.jar\n"))
        .hasMessage(
            "Submit file jobs/submit.sh line 2 opens a \" quote that is never closed; close it (the shell refuses the file as it is).");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "echo 'spark-submit --class A app.jar'\n"))
        .hasMessageStartingWith("Submit file s.sh runs no spark-submit;");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --class A\n"))
        .hasMessage(
            "Submit file s.sh line 1 gives spark-submit no application jar; name the jar after the options, as spark-submit requires.");
    assertThatThrownBy(
            () -> SubmitScript.parse("s.sh", "spark-submit \\\n --executor-memroy 4g app.jar"))
        .hasMessageStartingWith(
            "Submit file s.sh line 2 gives spark-submit the option '--executor-memroy', which it does not have");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --conf spark.a app.jar"))
        .hasMessageStartingWith("Submit file s.sh line 1 gives --conf 'spark.a' without KEY=VALUE");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --conf '=1' app.jar"))
        .hasMessage(
            "Submit file s.sh line 1 gives --conf '=1' with no key before '='; name the Spark setting, as in --conf spark.executor.cores=2.");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --conf ' =1' app.jar"))
        .hasMessageStartingWith(
            "Submit file s.sh line 1 gives --conf ' =1' with no key before '='");
    assertThatThrownBy(
            () ->
                SubmitScript.parse("s.sh", "spark-submit a.jar\n/opt/spark/bin/spark-submit b.jar"))
        .hasMessageStartingWith(
            "Submit file s.sh line 2 runs spark-submit a second time (first on line 1)");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --conf \"spark.a=1\\"))
        .hasMessage(
            "Submit file s.sh line 1 opens a \" quote that is never closed; close it (the shell refuses the file as it is).");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit app.jar $(date"))
        .hasMessage("Submit file s.sh line 1 opens a $( that is never closed; close it with ).");
    assertThatThrownBy(() -> SubmitScript.parse("s.sh", "spark-submit --class"))
        .hasMessageStartingWith("Submit file s.sh line 1 gives --class without a value");
  }

  @Test
  void readsDefaultsWithSparksPropertiesRules() {
    String conf =
        "# comment\n! also a comment\nspark.a   1\nspark.b=2\nspark.c:3\nspark.d\t4 \\\n    continued\n\nspark.a 5\nspark.e \\u00e9t\u00e9\n";

    assertThat(written(SparkDefaults.parse("conf/prod.conf", conf)))
        .containsExactly(
            "3 PROPERTY spark.a = 1",
            "4 PROPERTY spark.b = 2",
            "5 PROPERTY spark.c = 3",
            "6 PROPERTY spark.d = 4 continued",
            "9 PROPERTY spark.a = 5",
            "10 PROPERTY spark.e = été");
    assertThat(SparkDefaults.parse("conf/prod.conf", "spark.a 1").get(0).file())
        .isEqualTo("prod.conf");
    assertThatThrownBy(() -> SparkDefaults.parse("prod.conf", "spark.a 1\nspark.b \\u12G4\n"))
        .hasMessageStartingWith("Defaults file prod.conf line 2 has a malformed \\uXXXX escape;");
  }

  @Test
  void credentialsAreRedactedWhenRead() {
    List<StandaloneSetting> settings =
        SubmitScript.parse(
            "s",
            """
        export AWS_SECRET_ACCESS_KEY=abc
        spark-submit --conf spark.hadoop.fs.s3a.secret.key=abc \\
          --conf spark.hadoop.fs.s3a.aws.credentials.provider=org.example.Provider --conf spark.authenticate.secret=abc app.jar
        """);

    assertThat(settings)
        .extracting(StandaloneSetting::value)
        .containsExactly(
            "<redacted>", "<redacted>", "org.example.Provider", "<redacted>", "app.jar");
    assertThat(
            SparkDefaults.parse(
                    "d", "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net xyz")
                .get(0)
                .redacted())
        .isTrue();
  }
}
