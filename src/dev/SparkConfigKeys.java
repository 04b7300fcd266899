import java.util.Collection;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Prints every configuration key a Spark release defines (and the deprecated alternatives it still
 * reads), one per line, sorted: what src/main/resources/sparkgen/validate/spark-properties/ holds.
 * Spark registers each ConfigEntry in a global table when the object declaring it is initialised,
 * so this initialises every config-holding object in the Spark jars on the class path and reads
 * the table. Run by src/dev/spark-config-keys.sh.
 */
public class SparkConfigKeys {
  public static void main(String[] args) throws Exception {
    for (String jar : System.getProperty("java.class.path").split(":")) {
      if (!jar.contains("/org/apache/spark/")) {
        continue;
      }
      try (JarFile file = new JarFile(jar)) {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          boolean holder = name.endsWith("$.class") && !name.contains("$anon")
              && (name.contains("/config/") || name.matches(".*/(SQLConf|StaticSQLConf|Config|Constants)\\$\\.class"));
          if (holder) {
            try {
              Class.forName(name.replace('/', '.').replace(".class", ""), true, SparkConfigKeys.class.getClassLoader());
            } catch (Throwable ignored) {
              // an object that cannot initialise outside a running Spark declares no key we could read anyway
            }
          }
        }
      }
    }
    Class<?> entry = Class.forName("org.apache.spark.internal.config.ConfigEntry$");
    Object module = entry.getField("MODULE$").get(null);
    TreeSet<String> keys = new TreeSet<>();
    for (Object configEntry : entries(entry, module)) {
      keys.add((String) configEntry.getClass().getMethod("key").invoke(configEntry));
      Object alternatives = configEntry.getClass().getMethod("alternatives").invoke(configEntry);
      if (alternatives instanceof scala.collection.Iterable<?> it) {
        it.foreach(a -> keys.add((String) a));
      }
    }
    keys.forEach(System.out::println);
  }

  /** listAllEntries() where it exists (4.2), else the table itself (a java.util.Map field of the object). */
  static Collection<?> entries(Class<?> entry, Object module) throws Exception {
    try {
      return (Collection<?>) entry.getMethod("listAllEntries").invoke(module);
    } catch (NoSuchMethodException e) {
      for (java.lang.reflect.Field field : entry.getDeclaredFields()) {
        if (java.util.Map.class.isAssignableFrom(field.getType())) {
          field.setAccessible(true);
          return ((java.util.Map<?, ?>) field.get(module)).values();
        }
      }
      throw e;
    }
  }
}
