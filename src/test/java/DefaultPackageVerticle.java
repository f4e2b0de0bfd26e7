import io.vertx.core.AbstractVerticle;

/** A user's verticle in the default package, named in a deployment file without a dot. */
public class DefaultPackageVerticle extends AbstractVerticle {
  @Override
  public void start() {
    vertx.eventBus().consumer("default.package", m -> m.reply("here"));
  }
}
