package dev.sparkgen.cli;

import dev.sparkgen.doctor.Doctor;
import dev.sparkgen.doctor.Tools;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The body of {@code sparkgen doctor}: the table of checks, with the fix under each failure or
 * warning.
 */
final class DoctorRun {

  private DoctorRun() {}

  static int run(Path directory, String environment, String defaultRepo, PrintWriter out) {
    List<Doctor.Check> checks =
        new Doctor(new Tools(System.getenv("PATH")), System.getenv())
            .examine(directory, environment, defaultRepo);
    Doctor.print(checks, out);
    return Doctor.failed(checks) ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
