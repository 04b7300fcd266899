<#-- The Java form of the job; --language scala makes the one in src/main/scala (src/test/scala) instead. -->
<#if app.language == "java">
package [=app.packageName];

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Estimates pi by throwing random points at the unit square and counting those that land inside
 * the quarter circle. Usage: {@code SparkPi [partitions]} (default [=params.partitions]).
 */
public final class SparkPi {

    static final int DEFAULT_PARTITIONS = [=params.partitions];
    static final long SAMPLES_PER_PARTITION = 100_000L;

    private SparkPi() {
    }

    public static void main(String[] args) {
        int partitions = args.length > 0 ? parsePartitions(args[0]) : DEFAULT_PARTITIONS;
        SparkSession spark = SparkSession.builder().appName("[=app.name]").getOrCreate();
        try {
            double pi = estimate(spark, partitions, SAMPLES_PER_PARTITION);
            System.out.println("Pi is roughly " + pi);
        } finally {
            spark.stop();
        }
    }

    /**
     * Each partition draws {@code samplesPerPartition} points from its own seeded generator, so the
     * estimate is the same on every run and every cluster size.
     */
    static double estimate(SparkSession spark, int partitions, long samplesPerPartition) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> seeds = IntStream.range(0, partitions).boxed().toList();
        long inside = context.parallelize(seeds, partitions)
                .map(seed -> countInside(seed, samplesPerPartition))
                .reduce(Long::sum);
        return 4.0 * inside / (partitions * samplesPerPartition);
    }

    static long countInside(int seed, long samples) {
        SplittableRandom random = new SplittableRandom(seed);
        long inside = 0;
        for (long i = 0; i < samples; i++) {
            double x = random.nextDouble(-1.0, 1.0);
            double y = random.nextDouble(-1.0, 1.0);
            if (x * x + y * y <= 1.0) {
                inside++;
            }
        }
        return inside;
    }

    static int parsePartitions(String value) {
        try {
            int partitions = Integer.parseInt(value);
            if (partitions > 0) {
                return partitions;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("partitions must be a positive integer, got '" + value + "'");
    }
}
</#if>
