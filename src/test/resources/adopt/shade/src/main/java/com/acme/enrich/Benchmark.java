package com.acme.enrich;

/** A local tool with a main of its own; no Spark in it. */
public class Benchmark {
    public static void main(String[] args) {
        System.out.println("nothing to measure");
    }
}
