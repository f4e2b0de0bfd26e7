package io.tether.impl.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's command line, read before anything starts: each mistake is one line and an exit code. */
class LaunchArgumentsTest {

  @TempDir
  Path dir;

  private static Refusal refused(String script, String... args) {
    return assertThrows(Refusal.class, () -> LaunchArguments.read(args, script));
  }

  private String file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f.toString();
  }

  @Test
  void anUnknownOptionNamesTheNearestOneOfTheProgramThatWasRun() {
    Refusal jar = refused(null, "--hots", "x");
    assertEquals(Refusal.USAGE, jar.exitCode());
    assertEquals("Unknown option --hots (--help lists the options)", jar.getMessage());
    assertEquals("Unknown option --hots; did you mean --host? (./run.sh --help lists the options)",
      refused("./run.sh", "--hots", "x").getMessage());
    assertEquals("Unknown option -instance; did you mean -instances? (--help lists the options)",
      refused(null, "-instance=2").getMessage());
    assertEquals("Missing required parameter for option '--instances' (<instances>) (--help lists the options)",
      refused(null, "-instances").getMessage());
    // named as typed, though the parser takes its first letter for an option of its own
    assertEquals("Unknown option -conff; did you mean -conf? (--help lists the options)",
      refused(null, "-conff", "x.json").getMessage());
    assertEquals("Unknown option -confx; did you mean -conf? (--help lists the options)",
      refused(null, "io.tether.ClientVerticle", "-confx=x.json").getMessage());
  }

  @Test
  void aFileWhereTheVerticleGoesSaysHowToGiveIt() throws IOException {
    String json = file("c.json", "{}");
    String yaml = file("c.yaml", "host: x\n");
    assertEquals(json + " is a config file, not a verticle class: run it with java -jar target/tether.jar -conf " + json,
      refused(null, json).getMessage());
    assertEquals(yaml + " is a config file, not a verticle class: run it with ./run.sh " + yaml + ", or TETHER_CONF="
      + yaml + " java -jar target/tether.jar", refused(null, yaml).getMessage());
    assertEquals("conf/client.jsn: no such file", refused(null, "conf/client.jsn").getMessage());
    assertEquals("client.jsn: no such file, and no verticle class", refused(null, "client.jsn").getMessage());
    assertEquals(json + ": an extra argument; give a config file with -conf " + json,
      refused(null, "io.tether.ClientVerticle", json).getMessage());
    assertTrue(LaunchArguments.looksLikeAFile("conf/tether.json"));
    assertFalse(LaunchArguments.looksLikeAFile("io.tether.ClientVerticle"));
    assertFalse(LaunchArguments.looksLikeAFile("com.example.myverticle"));
    assertFalse(LaunchArguments.looksLikeAFile("ClientVerticle"));
  }

  @Test
  void aConfThatIsNotAReadableJsonObjectIsOneLineNamingTheFile() throws IOException {
    Refusal missing = refused(null, "-conf", "missing.json");
    assertEquals(Refusal.CONFIG, missing.exitCode());
    assertEquals("Invalid configuration: -conf: cannot read JSON config file \"missing.json\": no such file",
      missing.getMessage());
    String broken = file("broken.json", "{\n  \"host\": \"localhost\"\n  \"port\": 9001\n}\n");
    assertEquals("Invalid configuration: -conf: cannot read JSON config file \"" + broken + "\": line 3, column 3: "
      + "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
      refused(null, "--conf=" + broken).getMessage());
    String yaml = file("client.yaml", "host: localhost\n");
    assertEquals("Invalid configuration: -conf: \"" + yaml + "\" is a YAML file, and -conf reads JSON only (for YAML: "
      + "./run.sh " + yaml + ", or TETHER_CONF=" + yaml + ")", refused(null, "-conf", yaml).getMessage());
    String list = file("list.json", "[1, 2]");
    assertEquals("Invalid configuration: -conf: cannot read JSON config file \"" + list + "\": not a JSON object",
      refused(null, "-conf", list).getMessage());
    assertEquals("Invalid configuration: -conf: \"" + dir + "\" is a folder, not a JSON file",
      refused(null, "-conf", dir.toString()).getMessage());
    assertEquals("Invalid configuration: -conf: not a file, nor a valid JSON object: line 1, column 9: "
      + "Unexpected end-of-input within/between Object entries", refused(null, "-conf", "{\"host\":").getMessage());
    assertEquals("Invalid configuration: -options: cannot read JSON config file \"opts.json\": no such file",
      refused(null, "--options", "opts.json").getMessage());
  }

  @Test
  void aGoodCommandLineSaysWhereItsConfCameFrom() throws IOException {
    String json = file("c.json", "{\"port\": 9002}");
    LaunchArguments file = LaunchArguments.read(new String[] {"io.tether.ClientVerticle", "-conf", json,
      "-instances", "2", "-cluster"}, null);
    assertEquals("-conf " + json, file.confSource());
    assertEquals("io.tether.ClientVerticle", file.mainVerticle());
    assertFalse(file.help());
    assertEquals("-conf", LaunchArguments.read(new String[] {"-conf", "{\"port\": 9002}"}, null).confSource());
    assertNull(LaunchArguments.read(new String[0], null).confSource());
    assertTrue(LaunchArguments.read(new String[] {"--help"}, null).help());
  }

  @Test
  void theUsageShowsTetherFirstThenEveryOptionOfTheLauncher() {
    String usage = LaunchArguments.usage();
    assertTrue(usage.startsWith("Usage: java -jar target/tether.jar [VERTICLE] [-conf FILE] [OPTIONS]"), usage);
    for (List<String> option : LaunchArguments.options()) {
      for (String name : option) {
        assertTrue(usage.contains(name), name + " in\n" + usage);
      }
    }
    assertFalse(usage.contains("\u001b["), "no colour codes");
  }
}
