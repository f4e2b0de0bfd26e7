package io.tether.bench;

import io.tether.ClientVerticle;
import io.tether.Frames;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The benchmark command ({@code ./run.sh bench}): Tether against a raw Vert.x socket and a bare event-bus bridge,
 * in one run, on one server process, contestants alternating round by round; medians with min and max.
 * Prints a table and writes {@code target/bench.json}.
 */
public final class Bench {

  private static final String HOST = "127.0.0.1";
  private static final int PAYLOAD = BenchServer.FRAME - 1;

  private final int rounds;
  private final long warmupMs;
  private final long measureMs;
  private final int port;
  private final JsonObject results = new JsonObject();
  private final StringBuilder table = new StringBuilder();

  private final String only;
  /** The contestants of the throughput races to run, by name; empty for all. */
  private final List<String> racers;
  /** The event loops of each contestant's Vert.x in the throughput races; 0 for Vert.x's default (twice the cores). */
  private final int eventLoops;
  /** The names of the contestants of the races run so far, run or left out. */
  private final Set<String> known = new java.util.LinkedHashSet<>();

  private Bench(int rounds, long warmupMs, long measureMs, int port, String only, List<String> racers,
    int eventLoops) {
    this.only = only;
    this.eventLoops = eventLoops;
    this.racers = racers;
    this.rounds = rounds;
    this.warmupMs = warmupMs;
    this.measureMs = measureMs;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    double seconds = 1.5;
    String out = "target/bench.json";
    String only = null;
    List<String> racers = new ArrayList<>();
    int eventLoops = 0;
    String usage = "usage: bench [--rounds N] [--seconds S] [--out FILE] [--only SECTION[,SECTION...]]"
      + " [--racer NAME]... [--event-loops N]";
    List<String> options = List.of("--rounds", "--seconds", "--out", "--only", "--racer", "--event-loops");
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : null;
      if (!options.contains(option) || value == null) {
        System.err.println("bench: " + (options.contains(option) ? option + " needs a value" : "unknown option " + option)
          + "\n" + usage);
        System.exit(2);
      }
      try {
        switch (option) {
          case "--rounds":
            rounds = positive(value);
            break;
          case "--seconds":
            seconds = Double.parseDouble(value);
            if (!(seconds > 0)) {
              throw new NumberFormatException(value);
            }
            break;
          case "--out":
            out = value;
            break;
          case "--only":
            only = value;
            break;
          case "--racer":
            racers.add(value);
            break;
          case "--event-loops":
            eventLoops = positive(value);
            break;
          default:
            // every other name was refused above
        }
      } catch (NumberFormatException e) {
        System.err.println("bench: " + option + " takes a number above 0, not " + value + "\n" + usage);
        System.exit(2);
      }
    }
    long start = System.nanoTime();
    Process server = javaProcess(serverOptions(), BenchServer.class.getName(), "0");
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      if (first == null || !first.startsWith("LISTENING ")) {
        throw new IllegalStateException("the bench server did not start: " + first);
      }
      Bench bench = new Bench(rounds, 1000, (long) (seconds * 1000), Integer.parseInt(first.substring(10).trim()), only,
        racers, eventLoops);
      if (!bench.run()) {
        server.destroyForcibly();
        System.exit(2);
      }
      List<String> unknown = new ArrayList<>(racers);
      unknown.removeAll(bench.known);
      if (!unknown.isEmpty()) {
        System.err.println("bench: --racer " + quoted(unknown) + ": no contestant of "
          + (bench.known.isEmpty() ? "these sections has that name (--racer picks among the throughput races' contestants)"
          : "the races run has that name; they are: " + quoted(bench.known)));
        server.destroyForcibly();
        System.exit(2);
      }
      bench.results.put("seconds", (System.nanoTime() - start) / 1e9);
      bench.results.put("machine", machine());
      bench.results.put("command", "./run.sh bench --rounds " + rounds + " --seconds " + seconds
        + (eventLoops > 0 ? " --event-loops " + eventLoops : ""));
      Path path = Path.of(out);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.writeString(path, bench.results.encodePrettily());
      System.out.println(bench.table);
      System.out.printf(Locale.ROOT, "%s; %.0f s; written to %s%n", machine().encode(),
        (System.nanoTime() - start) / 1e9, path);
    } finally {
      server.destroyForcibly();
    }
    System.exit(0);
  }

  private static int positive(String value) {
    int n = Integer.parseInt(value);
    if (n <= 0) {
      throw new NumberFormatException(value);
    }
    return n;
  }

  private static String quoted(java.util.Collection<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", "));
  }

  private static JsonObject machine() {
    return new JsonObject()
      .put("cores", Runtime.getRuntime().availableProcessors())
      .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
      .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
      .put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20)
      .put("jvmFlags", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  static Process javaProcess(List<String> jvmOptions, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path")));
    cmd.addAll(jvmOptions);
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** The words of {@code BENCH_SERVER_OPTS}, JVM options for the bench server (a GC or JIT log of it, say). */
  private static List<String> serverOptions() {
    String words = System.getenv("BENCH_SERVER_OPTS");
    return words == null || words.isBlank() ? List.of() : Arrays.asList(words.trim().split("\\s+"));
  }

  private interface Section {
    void run() throws Exception;
  }

  /** Runs the sections, or those {@code --only} names; false when it names one that is not. */
  private boolean run() throws Exception {
    Map<String, Section> sections = new LinkedHashMap<>();
    sections.put("inbound", this::inbound);
    sections.put("outbound", this::outbound);
    sections.put("roundtrip", this::roundTrip);
    sections.put("conversation", this::conversation);
    sections.put("recovery", this::recovery);
    sections.put("startup", this::startup);
    sections.put("scale", this::scale);
    // --only a,b runs those sections, in the bench's own order: a section can be measured after another
    List<String> chosen = only == null ? List.copyOf(sections.keySet()) : Arrays.asList(only.split(",", -1));
    for (String name : chosen) {
      if (!sections.containsKey(name)) {
        System.err.println("bench: --only " + only + ": no section \"" + name + "\"; they are: "
          + String.join(", ", sections.keySet()));
        return false;
      }
    }
    for (Map.Entry<String, Section> s : sections.entrySet()) {
      if (!chosen.contains(s.getKey())) {
        continue;
      }
      long start = System.nanoTime();
      s.getValue().run();
      System.err.printf(Locale.ROOT, "bench: %s done in %.1f s%n", s.getKey(), (System.nanoTime() - start) / 1e9);
    }
    targets();
    return true;
  }

  // ---- the targets, each from the rows of this run

  /**
   * Prints and records each target whose rows this run measured: what it asks, what was measured, met or not. A
   * ratio compares medians of the same run; the per-round target compares each round with the bridge's same round.
   */
  private void targets() {
    JsonArray all = new JsonArray();
    Double bridge = median("inbound", "bare bridge (publish per frame)");
    Double credit = median("inbound", "tether credit, window 256");
    if (bridge != null && credit != null) {
      // judged at the default window; a larger one, which holds more frames, is given beside it
      Double wide = median("inbound", "tether credit, window 4096");
      target(all, "back-pressured per frame ≥ 0.5× the bare bridge", credit / bridge >= 0.5,
        String.format(Locale.ROOT, "credit, window 256: %.2f×", credit / bridge)
          + (wide == null ? "" : String.format(Locale.ROOT, " (window 4096: %.2f×)", wide / bridge)));
    }
    List<Double> publish = roundRatios("inbound", "tether publish");
    if (!publish.isEmpty()) {
      double least = publish.stream().min(Double::compare).orElseThrow();
      long under = publish.stream().filter(r -> r < 0.9).count();
      // the same headers on the bridge say what the event bus's copy of them costs without Tether
      Double withHeaders = median("inbound", "bare bridge, headers connection and seq");
      // the bridge run again says how far a round's ratio moves when nothing but the machine differs
      List<Double> itself = roundRatios("inbound", "bare bridge again, the same code");
      Double publishMedian = median("inbound", "tether publish");
      target(all, "publish with headers ≥ 0.9× the bridge in every round", under == 0,
        String.format(Locale.ROOT, "lowest round %.2f×, %d of %d rounds under", least, under, publish.size())
          + (bridge == null || publishMedian == null ? ""
            : String.format(Locale.ROOT, ", at the median %.2f×", publishMedian / bridge))
          + (bridge == null || withHeaders == null ? ""
            : String.format(Locale.ROOT, "; the bridge with the same headers %.2f×", withHeaders / bridge))
          + (itself.isEmpty() ? "" : String.format(Locale.ROOT, "; the bridge run again: lowest round %.2f×",
            itself.stream().min(Double::compare).orElseThrow())));
    }
    ratio(all, "outbound per message ≥ 0.95× the bridge", "outbound", "tether",
      "bare bridge (consumer writes to socket)", 0.95);
    ratio(all, "outbound batches ≥ 0.5× the raw loop", "outbound", "tether batch 64", "raw socket write loop", 0.5);
    ratio(all, "batch inbound ≥ 0.9× raw", "inbound", "tether batch 64", "raw socket + RecordParser", 0.9);
    within(all, "round trip p50 ≤ the bridge + 5 µs", "roundTripP50", 5);
    within(all, "round trip p99 ≤ the bridge + 20 µs", "roundTripP99", 20);
    ratio(all, "conversation ≥ 0.8× vertx-redis-client", "conversation", "tether request + replyTo, 256 in flight",
      "vertx-redis-client, 256 in flight", 0.8);
    Double start = median("startup", "tether (fat jar, MainVerticle)");
    if (start != null) {
      // judged without the archive, as java -jar starts; with it beside
      Double shared = median("startup", "tether, class-data archive");
      target(all, "start-up ≤ 1.5 s to CONNECTED", start <= 1500, String.format(Locale.ROOT, "%,.0f ms", start)
        + (shared == null ? "" : String.format(Locale.ROOT, " (class-data archive: %,.0f ms)", shared)));
    }
    Double heap = median("scale", "tether ClientVerticles, pinging");
    Double connect = median("scaleConnect", "tether ClientVerticles, pinging");
    Double gatewayHeap = median("scaleGateway", TETHER_PER_DEVICE);
    Double gatewayConnect = median("scaleGatewayConnect", TETHER_PER_DEVICE);
    if (heap != null && connect != null && gatewayHeap != null && gatewayConnect != null) {
      // judged in both shapes: instances of one deployment, and a gateway's deployment per device
      target(all, "5,000 clients: ≤ 16 KB of heap each, all CONNECTED within 10 s",
        Math.max(heap, gatewayHeap) <= 16 && Math.max(connect, gatewayConnect) <= 10_000,
        String.format(Locale.ROOT, "instances %.2f KB each, CONNECTED in %,.0f ms; a deployment each %.2f KB, %,.0f ms",
          heap, connect, gatewayHeap, gatewayConnect));
    }
    if (all.isEmpty()) {
      return;
    }
    table.append(String.format(Locale.ROOT, "%ntargets, from the rows above%n"));
    for (Object o : all) {
      JsonObject t = (JsonObject) o;
      table.append(String.format(Locale.ROOT, "  %-62s %-8s %s%n", t.getString("target"),
        t.getBoolean("met") ? "met" : "MISSED", t.getString("measured")));
    }
    results.put("targets", all);
  }

  private static void target(JsonArray all, String target, boolean met, String measured) {
    all.add(new JsonObject().put("target", target).put("met", met).put("measured", measured));
  }

  /** The target that {@code row}'s median be at least {@code least} times {@code base}'s, in one section. */
  private void ratio(JsonArray all, String target, String section, String row, String base, double least) {
    Double r = median(section, row);
    Double b = median(section, base);
    if (r != null && b != null) {
      target(all, target, r / b >= least, String.format(Locale.ROOT, "%.2f×", r / b));
    }
  }

  /** The target that Tether's median latency be at most {@code slack} µs above the bare bridge's. */
  private void within(JsonArray all, String target, String section, double slack) {
    Double t = median(section, "tether");
    Double b = median(section, "bare bridge");
    if (t != null && b != null) {
      target(all, target, t <= b + slack, String.format(Locale.ROOT, "%.0f vs %.0f µs (%+.0f)", t, b, t - b));
    }
  }

  /** The median of a row of a section of this run; null when it did not run. */
  private Double median(String section, String row) {
    JsonObject s = results.getJsonObject(section);
    if (s == null || s.getJsonArray("rows") == null) {
      return null;
    }
    for (Object o : s.getJsonArray("rows")) {
      JsonObject r = (JsonObject) o;
      if (row.equals(r.getString("name"))) {
        return r.getDouble("median");
      }
    }
    return null;
  }

  /** A row's rate over the bare bridge's, round by round; empty when it did not run. */
  private List<Double> roundRatios(String section, String row) {
    JsonObject s = results.getJsonObject(section);
    JsonObject ratios = s == null ? null : s.getJsonObject("roundRatiosToBridge");
    List<Double> each = new ArrayList<>();
    if (ratios != null && ratios.getJsonArray(row) != null) {
      ratios.getJsonArray(row).forEach(r -> each.add(Double.parseDouble((String) r)));
    }
    return each;
  }

  // ---- the contestants' common shape

  /** One contestant of a throughput race: counts frames, checks their numbers. */
  private abstract static class Racer {
    final String name;
    volatile long frames;
    volatile long errors;
    /** The frames the bench server says it flooded, once it has stopped; -1 before. */
    volatile long serverSent = -1;
    volatile NetSocket socket;
    long expected;

    Racer(String name) {
      this.name = name;
    }

    abstract Future<?> start(Vertx vertx, int port);

    /** What to check once the race is over; null when all is well. */
    Future<String> finish(Vertx vertx) {
      return Future.succeededFuture(errors == 0 ? null : errors + " frames out of sequence");
    }

    /** An inbound racer asks the server to stop flooding; null for the others. */
    Future<?> stopFlood(Vertx vertx) {
      return socket == null ? null : socket.write("STOP\n");
    }

    void check(Buffer frame) {
      if (frame.length() > 4 && frame.getByte(0) == 'E') {
        serverSent = Long.parseLong(frame.getString(4, frame.length()).trim());
        return;
      }
      long seq = BenchServer.seqOf(frame);
      if (seq != expected) {
        errors++;
      }
      expected = seq + 1;
      frames++;
    }
  }

  /** Runs every racer once per round, in turn, and reports frames/s relative to the first. */
  private void race(String section, String title, List<Supplier<Racer>> racers) throws Exception {
    race(section, title, port, racers);
  }

  /** {@link #race} against the server on {@code target}. */
  private void race(String section, String title, int target, List<Supplier<Racer>> contestants) throws Exception {
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    // round -1 warms every contestant's code up (the JIT's first compilations cost its first round a tenth to all of
    // its rate) and is not reported; it runs three times as long, for the JIT's later compilations, which took up to
    // a second of CPU time in the first counted round when it was as long as the others
    for (int round = -1; round < rounds; round++) {
      if (round == 0) {
        rates.clear();
        allocation.clear();
        kernel.clear();
        conditions.clear();
        counts.clear();
      }
      for (Supplier<Racer> make : contestants) {
        Racer r = make.get();
        known.add(r.name);
        if (!racers.isEmpty() && !racers.contains(r.name)) {
          continue;
        }
        Vertx vertx = eventLoops > 0 ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)) : Vertx.vertx();
        try {
          await(r.start(vertx, target));
          pause(warmupMs);
          long a0 = allocatedBytes();
          long k0 = kernelNanos();
          Conditions c0 = Conditions.now();
          long f0 = r.frames;
          long t0 = System.nanoTime();
          pause(round < 0 ? 3 * measureMs : measureMs);
          long f1 = r.frames;
          long t1 = System.nanoTime();
          long a1 = allocatedBytes();
          long k1 = kernelNanos();
          Conditions c1 = Conditions.now();
          if (f1 > f0) {
            allocation.computeIfAbsent(r.name, k -> new ArrayList<>()).add((double) (a1 - a0) / (f1 - f0));
            kernel.computeIfAbsent(r.name, k -> new ArrayList<>()).add(String.format(Locale.ROOT, "%.2f M (%.2f)",
              (f1 - f0) / ((t1 - t0) / 1e9) / 1e6, (k1 - k0) / 1e3 / (f1 - f0)));
          }
          Future<?> stopped = r.stopFlood(vertx);
          long stopAsked = System.nanoTime();
          String problem = stopped == null ? null : drained(r, stopped);
          if (stopped != null && f1 > f0) {
            conditions.computeIfAbsent(r.name, k -> new ArrayList<>()).add(c1.since(c0, f1 - f0,
              (System.nanoTime() - stopAsked) / 1_000_000));
          }
          if (problem == null) {
            problem = await(r.finish(vertx));
          }
          if (problem != null) {
            throw new IllegalStateException(r.name + ": " + problem);
          }
          rates.computeIfAbsent(r.name, k -> new ArrayList<>()).add((f1 - f0) / ((t1 - t0) / 1e9));
        } finally {
          try {
            await(closeAll(vertx), 20);
          } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("bench: " + r.name + " did not close within 20 s");
          }
        }
      }
    }
    report(section, title, "frames/s", rates, true);
    againstTheBridge(section, rates);
    if (!allocation.isEmpty()) {
      table.append("  bytes allocated per frame in this JVM (all threads), median of the rounds:\n");
      JsonObject byName = new JsonObject();
      allocation.forEach((name, v) -> {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(Double::compare);
        double median = sorted.get(sorted.size() / 2);
        byName.put(name, median);
        table.append(String.format(Locale.ROOT, "  %-42s %12.0f%n", name, median));
      });
      results.getJsonObject(section).put("allocatedBytesPerFrame", byName);
      allocation.clear();
    }
    eachRound(section, "frames/s of each round, and (in brackets) the kernel's CPU time per frame in µs, all threads of"
      + " this JVM", "roundsWithKernelMicrosPerFrame", kernel);
    eachRound(section, "each round's GC pauses in ms, JIT compilation in ms, the time from STOP to the last frame"
      + " consumed in ms (the consumer's lag), the event loops' sleeps/preemptions per 1,000 frames", "roundConditions",
      conditions);
    eachRound(section, "frames the server sent / the client received, each round", "counts", counts);
  }

  /**
   * Prints and records, for each contestant after the bare bridge of this race, its rate over the bridge's in each
   * round: rounds run in turn, so a ratio compares two runs a few seconds apart on the same machine.
   */
  private void againstTheBridge(String section, Map<String, List<Double>> rates) {
    String bridge = rates.keySet().stream().filter(n -> n.startsWith("bare bridge")).findFirst().orElse(null);
    if (bridge == null) {
      return;
    }
    List<Double> base = rates.get(bridge);
    Map<String, List<String>> ratios = new LinkedHashMap<>();
    boolean after = false;
    for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
      if (after) {
        List<String> each = new ArrayList<>();
        for (int i = 0; i < Math.min(base.size(), e.getValue().size()); i++) {
          each.add(String.format(Locale.ROOT, "%.2f", e.getValue().get(i) / base.get(i)));
        }
        ratios.put(e.getKey(), each);
      }
      after |= e.getKey().equals(bridge);
    }
    eachRound(section, "rate over the bare bridge's in the same round", "roundRatiosToBridge", ratios);
  }

  /** Prints and records one line per contestant of what was kept in {@code byName} each round, then forgets it. */
  private void eachRound(String section, String heading, String key, Map<String, List<String>> byName) {
    if (byName.isEmpty()) {
      return;
    }
    table.append("  ").append(heading).append(":\n");
    JsonObject json = new JsonObject();
    byName.forEach((name, c) -> {
      table.append(String.format(Locale.ROOT, "  %-42s %s%n", name, String.join("  ", c)));
      json.put(name, new JsonArray(new ArrayList<>(c)));
    });
    results.getJsonObject(section).put(key, json);
    byName.clear();
  }

  /** Bytes allocated per frame, by contestant, in each round of the race under way. */
  private final Map<String, List<Double>> allocation = new LinkedHashMap<>();

  /** The bytes every live thread of this JVM has allocated so far. */
  private static long allocatedBytes() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean)) {
      return 0;
    }
    long sum = 0;
    for (long b : ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  /** What else each round of an inbound race had (GC, JIT, lag, the event loops' switches), by contestant. */
  private final Map<String, List<String>> conditions = new LinkedHashMap<>();

  /**
   * The JVM's GC pause and JIT compilation time so far, and the context switches of its event-loop threads from
   * {@code /proc} (zero where there is none): a voluntary one is a loop gone to sleep on an empty queue, which the
   * next message's sender pays a system call to wake; an involuntary one is a loop preempted, often by the one it
   * just woke.
   */
  private record Conditions(long gcMillis, long jitMillis, long sleeps, long preemptions) {
    static Conditions now() {
      long jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      long gc = 0;
      for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory
        .getGarbageCollectorMXBeans()) {
        gc += Math.max(0, b.getCollectionTime());
      }
      long sleeps = 0;
      long preemptions = 0;
      try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            if (!Files.readString(task.resolve("comm")).startsWith("vert.x-eventloo")) {
              continue;
            }
            for (String line : Files.readAllLines(task.resolve("status"))) {
              if (line.startsWith("voluntary_ctxt_switches:")) {
                sleeps += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
              } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                preemptions += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
              }
            }
          } catch (IOException gone) {
            // the thread ended between the listing and the read
          }
        }
      } catch (IOException | UnsupportedOperationException noProc) {
        // not Linux: the switches read zero
      }
      return new Conditions(gc, jit, sleeps, preemptions);
    }

    String since(Conditions before, long frames, long lagMillis) {
      return String.format(Locale.ROOT, "%d, %d, %d, %.1f/%.1f", gcMillis - before.gcMillis,
        jitMillis - before.jitMillis, lagMillis,
        (sleeps - before.sleeps) * 1000.0 / frames, (preemptions - before.preemptions) * 1000.0 / frames);
    }
  }

  /** Each round's rate and the kernel's CPU time per frame, by contestant, in the race under way. */
  private final Map<String, List<String>> kernel = new LinkedHashMap<>();

  /**
   * The CPU time every live thread of this JVM has spent in the kernel so far, in ns: a consumer's event loop that
   * sleeps between messages is woken by a system call of the sender's for each one.
   */
  private static long kernelNanos() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      long user = threads.getThreadUserTime(id);
      if (cpu > 0 && user >= 0) {
        sum += cpu - user;
      }
    }
    return sum;
  }

  /** Server and client counts of the inbound rows of the race under way, by contestant. */
  private final Map<String, List<String>> counts = new LinkedHashMap<>();

  /** Once the server has stopped its flood: every frame it sent must reach the client, none twice. */
  private String drained(Racer r, Future<?> stopped) throws Exception {
    await(stopped);
    long end = System.nanoTime() + 60_000_000_000L;
    while ((r.serverSent < 0 || r.frames < r.serverSent) && System.nanoTime() < end) {
      pause(10);
    }
    counts.computeIfAbsent(r.name, k -> new ArrayList<>()).add(r.serverSent + " / " + r.frames);
    if (r.serverSent < 0) {
      return "the server's count never arrived (" + r.frames + " frames received)";
    }
    return r.frames == r.serverSent ? null
      : "the server sent " + r.serverSent + " frames, the client received " + r.frames;
  }

  // ---- conversation: requests and their answers against a real Redis

  /** How many requests each pipelined contestant keeps written and unanswered. */
  private static final int IN_FLIGHT = 256;

  private void conversation() throws Exception {
    String redisServer = java.util.stream.Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")
      .filter(f -> new java.io.File(f).canExecute()).findFirst().orElse(null);
    if (redisServer == null) {
      table.append("\n(c') conversation: skipped, redis-server is not installed (apt-get install redis-server)\n");
      return;
    }
    int redisPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      redisPort = free.getLocalPort();
    }
    Process redis = new ProcessBuilder(redisServer, "--port", Integer.toString(redisPort), "--bind", HOST,
      "--save", "", "--appendonly", "no", "--loglevel", "warning").redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long end = System.nanoTime() + 10_000_000_000L;
      while (true) {
        try (java.net.Socket so = new java.net.Socket(HOST, redisPort)) {
          break;
        } catch (IOException e) {
          if (System.nanoTime() > end) {
            throw new IllegalStateException("redis-server did not listen on " + redisPort);
          }
          pause(20);
        }
      }
      race("conversation", "(c') conversation: INCR against one redis-server, one connection, answers/s", redisPort,
        List.of(
          () -> new RedisClientRacer("vertx-redis-client, " + IN_FLIGHT + " in flight"),
          () -> new TetherRequests("tether request, " + IN_FLIGHT + " in flight", IN_FLIGHT),
          () -> new TetherRequests("tether request, one at a time", 1),
          () -> new TetherReplyTo("tether request + replyTo, " + IN_FLIGHT + " in flight"),
          () -> new BusCeiling("bus alone: request/reply, " + IN_FLIGHT + " in flight, no socket")));
    } finally {
      redis.destroyForcibly();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Keeps {@code inFlight} requests going: every answer sends the next. */
  private abstract static class Pipeline extends Racer {
    private final int inFlight;

    Pipeline(String name, int inFlight) {
      super(name);
      this.inFlight = inFlight;
    }

    abstract Future<?> send();

    void go() {
      for (int i = 0; i < inFlight; i++) {
        next();
      }
    }

    private void next() {
      send().onComplete(ar -> {
        if (ar.succeeded()) {
          frames++;
        } else {
          errors++;
        }
        if (!stopped) {
          next();
        }
      });
    }

    volatile boolean stopped;

    @Override
    Future<String> finish(Vertx vertx) {
      stopped = true;
      return Future.succeededFuture(errors == 0 ? null : errors + " requests failed");
    }
  }

  private static final class RedisClientRacer extends Pipeline {
    private io.vertx.redis.client.RedisConnection conn;

    RedisClientRacer(String name) {
      super(name, IN_FLIGHT);
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      return io.vertx.redis.client.Redis.createClient(vertx, new io.vertx.redis.client.RedisOptions()
          .setConnectionString("redis://" + HOST + ":" + port).setMaxWaitingHandlers(4 * IN_FLIGHT)
          .setMaxPoolWaiting(4 * IN_FLIGHT))
        .connect().onSuccess(c -> {
          conn = c;
          go();
        });
    }

    @Override
    Future<?> send() {
      return conn.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.INCR).arg("bench:redis"));
    }
  }

  private static final class TetherRequests extends Pipeline {
    private Vertx vertx;

    TetherRequests(String name, int inFlight) {
      super(name, inFlight);
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      this.vertx = vertx;
      JsonObject config = config(port);
      // the requester is a verticle of its own, as a user's would be: its replies come back on its own context
      return deployConfigured(vertx, config).compose(id -> vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          go();
        }
      }));
    }

    @Override
    Future<?> send() {
      return vertx.eventBus().request("bench.request", "INCR bench:tether");
    }

    static JsonObject config(int port) {
      return new JsonObject().put("host", HOST).put("port", port).put("address", "bench")
        .put("ping", new JsonObject().put("interval", 0))
        .put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n"))
        .put("request", new JsonObject().put("maxInFlight", IN_FLIGHT).put("answer", "io.tether.RespAnswerReader"))
        .put("outbox", new JsonObject().put("capacity", 4 * IN_FLIGHT));
    }
  }

  /** As {@link TetherRequests}, but the requests are sent with a {@code replyTo} header: one consumer takes every answer. */
  private static final class TetherReplyTo extends Racer {
    TetherReplyTo(String name) {
      super(name);
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      return deployConfigured(vertx, TetherRequests.config(port)).compose(id -> vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          DeliveryOptions to = new DeliveryOptions().addHeader("replyTo", "bench.answers");
          vertx.eventBus().consumer("bench.answers", m -> {
            if (m.headers().contains("failureCode")) {
              errors++;
            } else {
              frames++;
            }
            vertx.eventBus().send("bench.request", "INCR bench:tether", to);
          });
          for (int i = 0; i < IN_FLIGHT; i++) {
            vertx.eventBus().send("bench.request", "INCR bench:tether", to);
          }
        }
      }));
    }

    @Override
    Future<String> finish(Vertx vertx) {
      return Future.succeededFuture(errors == 0 ? null : errors + " requests failed");
    }
  }

  /**
   * What the event bus alone allows: a requester verticle and a consumer that answers at once, as Tether does (a
   * {@code Buffer} with a {@code frames} header), with no socket and no server. No client behind the bus goes faster.
   */
  private static final class BusCeiling extends Pipeline {
    private static final Buffer ANSWER = Buffer.buffer(":1");
    private Vertx vertx;

    BusCeiling(String name) {
      super(name, IN_FLIGHT);
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      this.vertx = vertx;
      return vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          vertx.eventBus().<Object>consumer("bench.ceiling", m -> m.reply(ANSWER.copy(),
            new DeliveryOptions().addHeader("frames", "1")));
        }
      }).compose(id -> vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          go();
        }
      }));
    }

    @Override
    Future<?> send() {
      return vertx.eventBus().request("bench.ceiling", "INCR bench:tether");
    }
  }

  // ---- (a) inbound

  private void inbound() throws Exception {
    race("inbound", "(a) inbound, line frames of 64 bytes, frames/s" + (eventLoops > 0 ? ", " + eventLoops
      + " event loop" + (eventLoops == 1 ? "" : "s") : ""), List.of(
      () -> new Racer("raw socket + RecordParser") {
        @Override
        Future<?> start(Vertx vertx, int port) {
          return client(vertx).connect(port, HOST).compose(so -> {
            so.handler(RecordParser.newDelimited("\n", this::check));
            socket = so;
            return so.write("FLOOD\n");
          });
        }
      },
      () -> new BridgeRacer("bare bridge (publish per frame)", false),
      () -> new BridgeRacer("bare bridge, headers connection and seq", true),
      () -> new TetherInbound("tether publish", new JsonObject()),
      // the first bridge once more: how far a round's ratio moves when only the moment differs
      () -> new BridgeRacer("bare bridge again, the same code", false),
      () -> new TetherInbound("tether publish, no headers", new JsonObject().put("headers", false)),
      () -> new TetherInbound("tether request, window 256", new JsonObject().put("mode", "request").put("window", 256)),
      () -> new TetherInbound("tether credit, window 256", new JsonObject().put("mode", "credit").put("window", 256)),
      () -> new TetherInbound("tether credit, window 1024", new JsonObject().put("mode", "credit").put("window", 1024)),
      () -> new TetherInbound("tether credit, window 4096", new JsonObject().put("mode", "credit").put("window", 4096)),
      () -> new TetherInbound("tether batch 64", new JsonObject().put("batch", 64))));
  }

  /**
   * A raw socket whose parser publishes each frame on the event bus to a counting consumer of its own verticle; with
   * {@code headers}, each frame's message carries the headers Tether's do, made as a hand-written bridge would make
   * them: what the event bus's copy of them costs, without Tether.
   */
  private static final class BridgeRacer extends Racer {
    private final boolean headers;
    private long seq;

    BridgeRacer(String name, boolean headers) {
      super(name);
      this.headers = headers;
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      return vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          vertx.eventBus().<Buffer>consumer("bare.in", m -> check(m.body()));
        }
      }).compose(id -> vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start(Promise<Void> started) {
          client(vertx).connect(port, HOST).compose(so -> {
            so.handler(RecordParser.newDelimited("\n", frame -> {
              if (headers) {
                vertx.eventBus().publish("bare.in", frame, new DeliveryOptions().addHeader("connection", "bare")
                  .addHeader("seq", Long.toString(++seq)));
              } else {
                vertx.eventBus().publish("bare.in", frame);
              }
            }));
            socket = so;
            return so.write("FLOOD\n");
          }).<Void>mapEmpty().onComplete(started);
        }
      }));
    }
  }

  /** Tether's client with a counting consumer of its own verticle. */
  private static final class TetherInbound extends Racer {
    private final JsonObject delivery;

    TetherInbound(String name, JsonObject delivery) {
      super(name);
      this.delivery = delivery;
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      boolean batch = delivery.containsKey("batch");
      boolean request = "request".equals(delivery.getString("mode"));
      boolean credit = "credit".equals(delivery.getString("mode"));
      int grant = delivery.getInteger("window", 256) / 2;
      return vertx.deployVerticle(new AbstractVerticle() {
        int taken;

        @Override
        public void start() {
          vertx.eventBus().<Buffer>consumer("bench.in", m -> {
            if (batch) {
              Frames.forEach(m.body(), TetherInbound.this::check);
            } else {
              check(m.body());
            }
            if (request) {
              m.reply(null);
            } else if (credit && ++taken == grant) {
              // half the window back at a time
              taken = 0;
              vertx.eventBus().send("bench.credit", grant);
            }
          });
        }
      }).compose(id -> deployTether(vertx, port, delivery))
        .compose(id -> vertx.eventBus().request("bench.out", "FLOOD"));
    }

    @Override
    Future<?> stopFlood(Vertx vertx) {
      return vertx.eventBus().request("bench.out", "STOP");
    }
  }

  private static JsonObject tetherConfig(int port) {
    return new JsonObject().put("host", HOST).put("port", port).put("address", "bench")
      .put("ping", new JsonObject().put("interval", 0))
      .put("framing", new JsonObject().put("mode", "line").put("maxFrameSize", 1 << 20))
      .put("outbox", new JsonObject().put("capacity", 100_000));
  }

  /** Deploys Tether's client and completes once it is connected. */
  private static Future<String> deployTether(Vertx vertx, int port, JsonObject delivery) {
    return deployConfigured(vertx, tetherConfig(port).put("delivery", delivery));
  }

  /** Deploys Tether's client with this config (address {@code bench}) and completes once it is connected. */
  private static Future<String> deployConfigured(Vertx vertx, JsonObject config) {
    Promise<Void> connected = Promise.promise();
    vertx.eventBus().<JsonObject>consumer("bench.status", m -> {
      if ("CONNECTED".equals(m.body().getString("state"))) {
        connected.tryComplete();
      }
    });
    return vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(config))
      .compose(id -> connected.future().map(id));
  }

  // ---- (b) outbound

  private void outbound() throws Exception {
    race("outbound", "(b) outbound, line frames of 64 bytes, frames/s", List.of(
      () -> new RawWriter(),
      () -> new WindowSender("bare bridge (consumer writes to socket)", "bare.out", false) {
        @Override
        Future<?> connect(Vertx vertx, int port) {
          return vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
              client(vertx).connect(port, HOST).compose(so -> {
                sinkReplies(so);
                vertx.eventBus().<Buffer>consumer("bare.out", m -> so.write(m.body()).onComplete(ar -> m.reply(null)));
                return so.write("SINK\n");
              }).<Void>mapEmpty().onComplete(started);
            }
          });
        }
      },
      () -> new WindowSender("tether", "bench.out", false) {
        @Override
        Future<?> connect(Vertx vertx, int port) {
          return tetherSink(this, vertx, port);
        }
      },
      () -> new WindowSender("tether batch 64", "bench.out", true) {
        @Override
        Future<?> connect(Vertx vertx, int port) {
          return tetherSink(this, vertx, port);
        }
      }));
  }

  private static Future<?> tetherSink(WindowSender sender, Vertx vertx, int port) {
    vertx.eventBus().<Buffer>consumer("bench.in", m -> sender.verdict(m.body().toString()));
    return deployTether(vertx, port, new JsonObject()).compose(id -> vertx.eventBus().request("bench.out", "SINK"));
  }

  /** A raw write loop: frames while the socket takes them, on again at each drain. */
  private static final class RawWriter extends Racer {
    private NetSocket socket;
    private final Promise<String> verdict = Promise.promise();
    private volatile boolean stopped;

    RawWriter() {
      super("raw socket write loop");
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      return client(vertx).connect(port, HOST).compose(so -> {
        socket = so;
        so.handler(RecordParser.newDelimited("\n", line -> verdict.tryComplete(line.toString())));
        return so.write("SINK\n").onSuccess(v -> pump());
      });
    }

    private void pump() {
      int turns = 0;
      while (!stopped && !socket.writeQueueFull() && turns++ < 64) {
        byte[] batch = new byte[BenchServer.FRAME * 64];
        for (int i = 0; i < 64; i++) {
          BenchServer.writeFrame(batch, i * BenchServer.FRAME, frames++);
        }
        socket.write(Buffer.buffer(batch));
      }
      if (stopped) {
        return;
      }
      if (socket.writeQueueFull()) {
        socket.drainHandler(v -> pump());
      } else {
        Vertx.currentContext().runOnContext(v -> pump());
      }
    }

    @Override
    Future<String> finish(Vertx vertx) {
      Promise<String> p = Promise.promise();
      vertx.runOnContext(v -> {
        stopped = true;
        socket.write("END\n");
        verdict.future().map(line -> checkSink(line, frames)).onComplete(p);
      });
      return p.future();
    }
  }

  /** Checks the bench server's {@code OK <frames> <errors>} answer against what was sent. */
  static String checkSink(String line, long sent) {
    String[] parts = line.trim().split(" ");
    if (parts.length != 3 || !parts[0].equals("OK")) {
      return "the server answered " + line;
    }
    if (Long.parseLong(parts[1]) != sent || Long.parseLong(parts[2]) != 0) {
      return "the server counted " + parts[1] + " frames with " + parts[2] + " out of sequence, " + sent + " sent";
    }
    return null;
  }

  /** Sends numbered frames as requests with 256 (or 16 batches of 64) unanswered at most; counts the replies. */
  private abstract static class WindowSender extends Racer {
    private final String address;
    private final boolean batch;
    private final Promise<String> verdict = Promise.promise();
    private Vertx vertx;
    private long next;
    private volatile boolean stopped;
    private int inFlight;
    private final DeliveryOptions batchHeaders = new DeliveryOptions().addHeader(Frames.FRAMES_HEADER, "64");

    WindowSender(String name, String address, boolean batch) {
      super(name);
      this.address = address;
      this.batch = batch;
    }

    abstract Future<?> connect(Vertx vertx, int port);

    void verdict(String line) {
      verdict.tryComplete(line);
    }

    void sinkReplies(NetSocket so) {
      so.handler(RecordParser.newDelimited("\n", line -> verdict(line.toString())));
    }

    @Override
    Future<?> start(Vertx vertx, int port) {
      this.vertx = vertx;
      return connect(vertx, port).compose(x -> vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          fill();
        }
      }));
    }

    private void fill() {
      // 16 batches of 64 frames are 64 KB unanswered: what the raw loop may queue before writeQueueFull (Netty's
      // high water mark); with 8, half that, Tether's batches ran at 0.45-0.47x the raw loop, with 16 at 0.65x
      int window = batch ? 16 : 256;
      while (!stopped && inFlight < window) {
        inFlight++;
        Object body;
        DeliveryOptions options = null;
        int count = batch ? 64 : 1;
        if (batch) {
          // the frames written into the batch's own bytes (Frames' form: a 4-byte length, then the payload), as the
          // raw loop writes its frames into the bytes of one write
          byte[] bytes = new byte[64 * (4 + PAYLOAD)];
          for (int i = 0, at = 0; i < 64; i++, at += 4 + PAYLOAD) {
            bytes[at + 3] = (byte) PAYLOAD; // under 256: the length's three high bytes stay 0
            BenchServer.writePayload(bytes, at + 4, next++);
          }
          body = Buffer.buffer(bytes);
          options = batchHeaders;
        } else {
          Buffer frame = BenchServer.frame(next++);
          body = address.equals("bare.out") ? frame : frame.slice(0, PAYLOAD);
        }
        Future<Message<Object>> reply = options == null
          ? vertx.eventBus().request(address, body) : vertx.eventBus().request(address, body, options);
        reply.onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            frames += count;
          } else {
            errors += count;
          }
          fill();
        });
      }
    }

    @Override
    Future<String> finish(Vertx vertx) {
      Promise<String> p = Promise.promise();
      vertx.runOnContext(v -> stopped = true);
      // the END line follows the last frame once every request has been answered
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      vertx.setPeriodic(5, id -> {
        if (inFlight == 0 || System.nanoTime() > deadline) {
          vertx.cancelTimer(id);
          Object end = address.equals("bare.out") ? Buffer.buffer("END\n") : "END";
          vertx.eventBus().request(address, end);
          verdict.future().map(line -> errors > 0 ? errors + " frames not written" : checkSink(line, frames))
            .onComplete(p);
        }
      });
      return p.future();
    }
  }

  // ---- (c) round trip

  /** Round trips of each contestant's turn: the contestants take turns, a slice at a time, all round long. */
  private static final int SLICE = 1000;
  private static final int ROUND_TRIPS = 20 * SLICE;

  /**
   * Each round connects every contestant, each on its own Vert.x, and then lets them take turns of {@link #SLICE}
   * round trips (some 70 ms each) until each has made {@link #ROUND_TRIPS}: a stall of the machine that lasts
   * longer than a turn falls on all of them alike, not on whichever ran alone in that second.
   */
  private void roundTrip() throws Exception {
    Map<String, List<Double>> p50 = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    Map<String, List<Double>> max = new LinkedHashMap<>();
    List<String> names = List.of("raw socket", "bare bridge", "tether");
    for (int round = 0; round < rounds; round++) {
      Map<String, Echo> echoes = new LinkedHashMap<>();
      try {
        for (String name : names) {
          Echo echo = new Echo(Vertx.vertx(), name);
          echoes.put(name, echo);
          await(echo.ready);
          // warms the contestant's code up; not kept
          await(echo.run(2 * SLICE));
        }
        Map<String, long[]> samples = new LinkedHashMap<>();
        names.forEach(name -> samples.put(name, new long[ROUND_TRIPS]));
        for (int at = 0; at < ROUND_TRIPS; at += SLICE) {
          for (String name : names) {
            System.arraycopy(await(echoes.get(name).run(SLICE)), 0, samples.get(name), at, SLICE);
          }
        }
        samples.forEach((name, rtt) -> {
          Arrays.sort(rtt);
          p50.computeIfAbsent(name, k -> new ArrayList<>()).add(rtt[rtt.length / 2] / 1000.0);
          p99.computeIfAbsent(name, k -> new ArrayList<>()).add(rtt[(int) (rtt.length * 0.99)] / 1000.0);
          max.computeIfAbsent(name, k -> new ArrayList<>()).add(rtt[rtt.length - 1] / 1000.0);
        });
      } finally {
        List<Future<Void>> closed = new ArrayList<>();
        boolean first = true;
        for (Echo echo : echoes.values()) {
          // the first also closes every bench client, of all the contestants
          closed.add(first ? closeAll(echo.vertx) : echo.vertx.close());
          first = false;
        }
        await(Future.join(closed));
      }
    }
    report("roundTripP50", "(c) round trip p50, µs", "µs", p50, false);
    report("roundTripP99", "(c) round trip p99, µs", "µs", p99, false);
    report("roundTripMax", "(c) round trip max, µs", "µs", max, false);
  }

  /** One contestant of the round trip: one numbered frame at a time to the echo server and back. */
  private final class Echo {
    final Vertx vertx;
    final Future<?> ready;
    private Runnable send;
    /** The number of the frame out now, and the time it went. */
    private long seq;
    private long sentAt;
    private long[] samples;
    private int n;
    private Promise<long[]> done;

    Echo(Vertx vertx, String contestant) {
      this.vertx = vertx;
      io.vertx.core.Handler<Buffer> onEcho = this::echoed;
      switch (contestant) {
        case "raw socket":
          ready = client(vertx).connect(port, HOST).compose(so -> {
            so.handler(RecordParser.newDelimited("\n", onEcho));
            send = () -> so.write(BenchServer.frame(seq));
            return so.write("ECHO\n");
          });
          break;
        case "bare bridge":
          ready = vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
              client(vertx).connect(port, HOST).compose(so -> {
                so.handler(RecordParser.newDelimited("\n", frame -> vertx.eventBus().publish("bare.in", frame)));
                vertx.eventBus().<Buffer>consumer("bare.out", m -> so.write(m.body()));
                return so.write("ECHO\n");
              }).<Void>mapEmpty().onComplete(started);
            }
          }).compose(id -> {
            send = () -> vertx.eventBus().send("bare.out", BenchServer.frame(seq));
            return vertx.eventBus().<Buffer>consumer("bare.in", m -> onEcho.handle(m.body())).completion();
          });
          break;
        default:
          ready = deployTether(vertx, port, new JsonObject()).compose(id -> {
            send = () -> vertx.eventBus().send("bench.out", BenchServer.frame(seq).slice(0, PAYLOAD));
            return vertx.eventBus().<Buffer>consumer("bench.in", m -> onEcho.handle(m.body())).completion()
              .compose(v -> vertx.eventBus().request("bench.out", "ECHO"));
          });
      }
    }

    /** {@code count} round trips, one after the other: their latencies in ns. */
    Future<long[]> run(int count) {
      Promise<long[]> p = Promise.promise();
      // the first frame goes out from an event loop, like every later one
      vertx.runOnContext(v -> {
        samples = new long[count];
        n = 0;
        done = p;
        next();
      });
      return p.future();
    }

    private void next() {
      seq++;
      sentAt = System.nanoTime();
      send.run();
    }

    private void echoed(Buffer frame) {
      long rtt = System.nanoTime() - sentAt;
      if (BenchServer.seqOf(frame) != seq) {
        done.tryFail("echo " + BenchServer.seqOf(frame) + " for frame " + seq);
        return;
      }
      samples[n] = rtt;
      if (++n == samples.length) {
        done.tryComplete(samples);
      } else {
        next();
      }
    }
  }

  // ---- (d) reconnect latency and dead-peer detection

  private void recovery() throws Exception {
    // The echo server closes and listens again on one port while Tether reconnects: a connection the server's
    // channel accepts as it closes, once Vert.x has taken its handlers away, is dropped and logged by Netty with a
    // stack trace. Tether retries it like any other refused connect; the trace is the benchmark's server's, not news.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.netty.bootstrap.ServerBootstrap"))
      .setLevel(ch.qos.logback.classic.Level.ERROR);
    Vertx serverVertx = Vertx.vertx();
    Vertx vertx = Vertx.vertx();
    try {
      boolean[] silent = {false};
      List<NetSocket> open = new ArrayList<>();
      io.vertx.core.Handler<NetSocket> echo = so -> {
        open.add(so);
        so.handler(b -> {
          if (!silent[0]) {
            so.write(b);
          }
        });
        so.closeHandler(v -> open.remove(so));
      };
      NetServer server = await(serverVertx.createNetServer().connectHandler(echo).listen(0, HOST));
      int echoPort = server.actualPort();
      long reconnectDelay = 200;
      long heartbeat = 500;
      List<long[]> states = new ArrayList<>();
      vertx.eventBus().<JsonObject>consumer("rec.status", m -> {
        synchronized (states) {
          states.add(new long[]{System.nanoTime(), m.body().getString("state").hashCode()});
          states.notifyAll();
        }
      });
      await(vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("host", HOST).put("port", echoPort).put("address", "rec").put("framing.mode", "line")
        .put("ping", new JsonObject().put("interval", 100)).put("heartbeat.timeout", heartbeat)
        .put("reconnect", new JsonObject().put("initialDelay", reconnectDelay).put("maxDelay", reconnectDelay)
          .put("jitter", 0.0)))));
      long connected = "CONNECTED".hashCode();
      long disconnected = "DISCONNECTED".hashCode();
      awaitState(states, connected, 0);
      List<Double> reconnects = new ArrayList<>();
      List<Double> detections = new ArrayList<>();
      for (int i = 0; i < Math.max(3, rounds); i++) {
        // the server goes away and comes back: time from listening again to CONNECTED
        await(server.close());
        awaitState(states, disconnected, 0);
        pause(reconnectDelay + 50);
        long relisten = System.nanoTime();
        server = await(serverVertx.createNetServer().connectHandler(echo).listen(echoPort, HOST));
        reconnects.add((awaitState(states, connected, relisten) - relisten) / 1e6);
        // the server falls silent: time from its last answer to the heartbeat's DISCONNECTED
        pause(300);
        long quiet = System.nanoTime();
        silent[0] = true;
        detections.add((awaitState(states, disconnected, quiet) - quiet) / 1e6);
        silent[0] = false;
        awaitState(states, connected, quiet);
      }
      Map<String, List<Double>> rec = new LinkedHashMap<>();
      rec.put("configured reconnect delay", List.of((double) reconnectDelay));
      rec.put("tether: listening again -> CONNECTED", reconnects);
      report("reconnect", "(d) reconnect latency, ms (ratio to the configured delay)", "ms", rec, false);
      Map<String, List<Double>> det = new LinkedHashMap<>();
      det.put("configured heartbeat.timeout", List.of((double) heartbeat));
      det.put("tether: silent -> DISCONNECTED", detections);
      report("deadPeer", "(d) dead-peer detection, ms (ratio to heartbeat.timeout)", "ms", det, false);
    } finally {
      await(closeAll(vertx));
      await(serverVertx.close());
    }
  }

  private static long awaitState(List<long[]> states, long state, long after) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (states) {
      while (true) {
        for (long[] s : states) {
          if (s[1] == state && s[0] > after) {
            states.remove(s);
            return s[0];
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no state change within 10 s");
        }
        states.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  // ---- (e) start-up and (f) scale, in fresh JVMs

  private void startup() throws Exception {
    Path conf = Files.createTempFile("tether-bench", ".json");
    Files.writeString(conf, new JsonObject().put("host", HOST).put("port", port)
      .put("ping", new JsonObject().put("interval", 0)).encode());
    Path archive = Files.createTempDirectory("tether-bench").resolve("tether.jsa");
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, List<Double>> rss = new LinkedHashMap<>();
    String raw = "raw Vert.x client";
    String tether = "tether (fat jar, MainVerticle)";
    String shared = "tether, class-data archive";
    try {
      // the README's faster start: the archive is written as a first run exits, then mapped by every start
      Process training = startProcess(startupCommand(tether, conf, List.of("-XX:ArchiveClassesAtExit=" + archive,
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off")), tether);
      training.destroy();
      if (!training.waitFor(60, TimeUnit.SECONDS) || !Files.exists(archive)) {
        throw new IllegalStateException("no class-data archive was written at " + archive);
      }
      // each contestant, in the order they take turns, with the JVM options it starts with
      Map<String, List<String>> contestants = new LinkedHashMap<>();
      contestants.put(raw, List.of());
      contestants.put(tether, List.of());
      contestants.put(shared, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, List<String>> contestant : contestants.entrySet()) {
          String name = contestant.getKey();
          List<String> cmd = startupCommand(name, conf, contestant.getValue());
          long start = System.nanoTime();
          Process p = startProcess(cmd, name);
          try {
            times.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
            rss.computeIfAbsent(name, k -> new ArrayList<>()).add(residentMb(p.pid()));
          } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
          }
        }
      }
    } finally {
      Files.deleteIfExists(conf);
      Files.deleteIfExists(archive);
      Files.deleteIfExists(archive.getParent());
    }
    report("startup", "(e) process start -> connected, ms", "ms", times, false);
    report("residentMemory", "(e) resident memory once connected, MB", "MB", rss, false);
  }

  /** The command of a start-up contestant: the raw client, or Tether's launcher with these JVM options. */
  private List<String> startupCommand(String name, Path conf, List<String> jvm) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvm);
    if (name.startsWith("raw")) {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RawClient.class.getName(), HOST,
        Integer.toString(port)));
    } else {
      // the fat jar alone, as a user starts it (a class-data archive takes jars only, no class folders)
      String jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> e.endsWith("tether.jar")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no tether.jar on the classpath"));
      cmd.addAll(List.of("-cp", jar, "io.tether.TetherApplication", "-conf", conf.toString()));
    }
    return cmd;
  }

  /** Starts {@code cmd} and returns once it has printed its connection; its other output is read and dropped. */
  private static Process startProcess(List<String> cmd, String name) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("Opened connection to")) {
      // skip to the connection
    }
    if (line == null) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " ended before it connected");
    }
    // what it prints later must not fill the pipe and stall it
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // dropped
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "drain " + name);
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  private static double residentMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }

  private static final String RAW_PER_DEVICE = "raw, a verticle and NetClient each";
  private static final String TETHER_PER_DEVICE = "tether, a deployment and address each";

  private void scale() throws Exception {
    int connections = 5000;
    // one deployment with many sockets or instances
    scale(connections, "", "", List.of("raw", "raw sockets, pinging", "tether", "tether ClientVerticles, pinging"));
    // a gateway's: a deployment per device
    scale(connections, "Gateway", ", a deployment per device",
      List.of("raw-verticles", RAW_PER_DEVICE, "tether-deployments", TETHER_PER_DEVICE));
  }

  /** One shape of the scale test; {@code kinds}: each {@link Scale} kind and its row's name, raw first. */
  private void scale(int connections, String key, String shape, List<String> kinds) throws Exception {
    Map<String, List<Double>> perConnection = new LinkedHashMap<>();
    Map<String, List<Double>> connectMs = new LinkedHashMap<>();
    for (int i = 0; i < kinds.size(); i += 2) {
      String kind = kinds.get(i);
      Process p = javaProcess(List.of(), Scale.class.getName(), kind, Integer.toString(port),
        Integer.toString(connections));
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("HEAP ")) {
          throw new IllegalStateException("scale " + kind + ": " + line);
        }
        String[] parts = line.split(" ");
        double bytes = Long.parseLong(parts[2]) - Long.parseLong(parts[1]);
        String name = kinds.get(i + 1);
        perConnection.put(name, List.of(bytes / connections / 1024.0));
        connectMs.put(name, List.of(Double.parseDouble(parts[3])));
        JsonObject total = results.getJsonObject("scaleHeapMb", new JsonObject());
        results.put("scaleHeapMb", total.put(kind, bytes / (1 << 20)));
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    report("scale" + key, "(f) " + connections + " connections in one JVM" + shape
      + ": heap per connection after a full GC, KB", "KB", perConnection, false);
    report("scale" + key + "Connect", "(f') " + connections + " connections in one JVM" + shape
      + ": ms from the first connect to the last CONNECTED", "ms", connectMs, false);
  }

  // ---- reporting

  private void report(String key, String title, String unit, Map<String, List<Double>> values, boolean higherIsBetter) {
    JsonArray rows = new JsonArray();
    table.append(String.format(Locale.ROOT, "%n%s%n  %-42s %12s %12s %12s %8s%n", title, "", "median", "min", "max",
      "ratio"));
    Double base = null;
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      List<Double> v = new ArrayList<>(e.getValue());
      v.sort(Double::compare);
      double median = v.get(v.size() / 2);
      if (base == null) {
        base = median;
      }
      double ratio = median / base;
      rows.add(new JsonObject().put("name", e.getKey()).put("median", median).put("min", v.get(0))
        .put("max", v.get(v.size() - 1)).put("ratio", ratio).put("unit", unit).put("samples", new JsonArray(v)));
      table.append(String.format(Locale.ROOT, "  %-42s %12s %12s %12s %8.2f%n", e.getKey(), fmt(median), fmt(v.get(0)),
        fmt(v.get(v.size() - 1)), ratio));
    }
    results.put(key, new JsonObject().put("title", title).put("higherIsBetter", higherIsBetter).put("rows", rows));
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static final List<NetClient> CLIENTS = new ArrayList<>();

  /** A client whose connections {@link #closeAll} ends at once (a Vert.x close would wait for a flood to drain). */
  static NetClient client(Vertx vertx) {
    NetClient c = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    synchronized (CLIENTS) {
      CLIENTS.add(c);
    }
    return c;
  }

  static Future<Void> closeAll(Vertx vertx) {
    List<Future<Void>> closed = new ArrayList<>();
    synchronized (CLIENTS) {
      CLIENTS.forEach(c -> closed.add(c.close()));
      CLIENTS.clear();
    }
    return Future.join(closed).transform(ar -> vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return await(f, 60);
  }

  static <T> T await(Future<T> f, int seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static void pause(long ms) throws InterruptedException {
    // measurement windows: the benchmark's clock, not a synchronisation
    TimeUnit.MILLISECONDS.sleep(ms);
  }
}
