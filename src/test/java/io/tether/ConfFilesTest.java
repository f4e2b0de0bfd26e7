package io.tether;

import io.tether.testkit.Await;
import io.tether.impl.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every example under conf/ is valid: the files the README points users to must load. */
@ExtendWith(VertxExtension.class)
class ConfFilesTest {

  @Test
  void everyConfigFileLoads(Vertx vertx) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("conf"))) {
      files = s.filter(p -> p.toString().matches(".*\\.(json|ya?ml)$")).sorted().collect(Collectors.toList());
    }
    assertFalse(files.isEmpty());
    int clients = 0;
    for (Path f : files) {
      JsonObject json = Await.result(ConfigLoader.readFile(vertx, f.toString(), f.toString()));
      for (MainVerticle.Deployment d : MainVerticle.deployments(json)) {
        if (d.name().equals(ClientVerticle.class.getName())) {
          new TetherOptions(d.options().getConfig());
          clients++;
        }
      }
    }
    assertEquals(files.size(), clients, "one client in each file: " + files);
  }

  @Test
  void theDefaultClientFileHoldsEveryKeyAtItsDefault(Vertx vertx) {
    JsonObject json = Await.result(ConfigLoader.readFile(vertx, "conf/client.json", "conf/client.json"));
    assertEquals(new TetherOptions().toJson(), new TetherOptions(json).toJson());
    assertEquals(new TetherOptions().toJson(), new TetherOptions(
      Await.result(ConfigLoader.readFile(vertx, "conf/client.yaml", "conf/client.yaml"))).toJson());
  }
}
