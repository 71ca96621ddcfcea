"""Runs `kg extract` on Apache Spark: the map step of a distributed ingest.

    python3 scripts/spark_extract.py --kg target/release/kg --input articles.jsonl --output facts/ \\
        [--workers 4] [--partitions 8] [--master local[4]]

Reads JSON Lines articles (a file, a directory or a glob of them; one article a line, as
`kg ingest` reads them), ships the kg binary to the executors (`SparkContext.addFile`), and
pipes each partition through `kg extract -` (one extraction thread per task: Spark gives the
parallelism). The facts go to OUTPUT as text partitions (part-00000, ...), in input order.
Build the store from them on one machine, where linking needs the whole graph:

    kg ingest --facts facts/part-*

which gives the same graph as `kg ingest articles.jsonl`. Bad input lines are reported in the
executors' logs by `kg extract` (with their line in the partition) and left out, as `kg ingest`
leaves them out. With `--master` the job runs on a cluster (`spark://...`, `yarn`); the
default is Spark's local mode with `--workers` threads.
"""

import argparse
import os
import subprocess
import sys
import time

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def extract_partition(lines):
    """Pipes one partition's articles through `kg extract -` and yields its facts lines."""
    kg = SparkFiles.get("kg")
    if not os.access(kg, os.X_OK):
        os.chmod(kg, 0o755)
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    done = subprocess.run([kg, "--quiet", "extract", "--jobs", "1", "-"], input=body, capture_output=True, check=False)
    if done.returncode not in (0, 1):  # 1: some lines were bad, and reported
        raise RuntimeError(f"kg extract failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    if done.stderr:
        sys.stderr.write(done.stderr.decode(errors="replace"))
    for line in done.stdout.decode("utf-8").splitlines():
        yield line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kg", default="target/release/kg", help="the kg binary to ship to executors")
    parser.add_argument("--input", required=True, help="JSON Lines articles: a file, a directory or a glob")
    parser.add_argument("--output", required=True, help="a new directory for the facts partitions")
    parser.add_argument("--workers", type=int, default=4, help="local mode: worker threads")
    parser.add_argument("--partitions", type=int, default=0, help="input partitions [default: 2 per worker]")
    parser.add_argument("--master", default=None, help="Spark master [default: local[WORKERS]]")
    args = parser.parse_args()
    spark = (
        SparkSession.builder.master(args.master or f"local[{args.workers}]")
        .appName("kg-extract")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.kg))
    start = time.perf_counter()
    articles = sc.textFile(args.input, minPartitions=args.partitions or 2 * args.workers)
    facts = articles.mapPartitions(extract_partition)
    facts.saveAsTextFile(args.output)
    seconds = time.perf_counter() - start
    count = sum(1 for name in os.listdir(args.output) if name.startswith("part-")) if os.path.isdir(args.output) else 0
    print(f"kg extract on Spark ({sc.master}): {articles.getNumPartitions()} partitions into {count} files "
          f"in {seconds:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()
