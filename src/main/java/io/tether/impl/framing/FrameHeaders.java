package io.tether.impl.framing;

import io.vertx.core.MultiMap;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headers of an inbound message, {@code connection}, {@code seq} and, for a batch, {@code frames}: read from
 * three fields and written out only when asked. Anything else (a change, a rarer read) turns them into an ordinary
 * case-insensitive {@link MultiMap} first.
 * <p>
 * The event bus copies a message's headers into a map of its own for each consumer it delivers to, through
 * {@link #entries()}: per frame, what this map allocates on top of that copy is itself, the text of {@code seq} and
 * a list of two entries, one of which ({@code connection}) is made once per connection ({@link #connection}).
 */
public final class FrameHeaders implements MultiMap {

  private final Map.Entry<String, String> connection;
  private final long seq;
  private final int frames;
  private String seqText;
  private MultiMap map;

  /** The {@code connection} header of every message of the connection {@code id}. */
  public static Map.Entry<String, String> connection(String id) {
    return new AbstractMap.SimpleImmutableEntry<>("connection", id);
  }

  /**
   * @param connection the connection's header, from {@link #connection}
   * @param frames the frames of a batch, or -1 for a single frame (no {@code frames} header)
   */
  public FrameHeaders(Map.Entry<String, String> connection, long seq, int frames) {
    this.connection = connection;
    this.seq = seq;
    this.frames = frames;
  }

  private MultiMap map() {
    if (map == null) {
      MultiMap m = MultiMap.caseInsensitiveMultiMap();
      for (Map.Entry<String, String> e : fixed()) {
        m.add(e.getKey(), e.getValue());
      }
      map = m;
    }
    return map;
  }

  private String seqText() {
    if (seqText == null) {
      seqText = Long.toString(seq);
    }
    return seqText;
  }

  private List<Map.Entry<String, String>> fixed() {
    Map.Entry<String, String> s = new AbstractMap.SimpleImmutableEntry<>("seq", seqText());
    return frames < 0 ? List.of(connection, s)
      : List.of(connection, s, new AbstractMap.SimpleImmutableEntry<>("frames", Integer.toString(frames)));
  }

  private String fixedValue(CharSequence name) {
    String n = name.toString();
    if (n.equalsIgnoreCase("connection")) {
      return connection.getValue();
    }
    if (n.equalsIgnoreCase("seq")) {
      return seqText();
    }
    if (frames >= 0 && n.equalsIgnoreCase("frames")) {
      return Integer.toString(frames);
    }
    return null;
  }

  @Override
  public String get(CharSequence name) {
    return map != null ? map.get(name) : fixedValue(name);
  }

  @Override
  public String get(String name) {
    return map != null ? map.get(name) : fixedValue(name);
  }

  @Override
  public List<String> getAll(String name) {
    return map().getAll(name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    return map().getAll(name);
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    return map != null ? map.entries() : fixed();
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  public boolean contains(String name) {
    return get(name) != null;
  }

  @Override
  public boolean contains(CharSequence name) {
    return get(name) != null;
  }

  @Override
  public boolean isEmpty() {
    return map != null && map.isEmpty();
  }

  @Override
  public Set<String> names() {
    return map().names();
  }

  @Override
  public MultiMap add(String name, String value) {
    return map().add(name, value);
  }

  @Override
  public MultiMap add(CharSequence name, CharSequence value) {
    return map().add(name, value);
  }

  @Override
  public MultiMap add(String name, Iterable<String> values) {
    return map().add(name, values);
  }

  @Override
  public MultiMap add(CharSequence name, Iterable<CharSequence> values) {
    return map().add(name, values);
  }

  @Override
  public MultiMap addAll(MultiMap other) {
    return map().addAll(other);
  }

  @Override
  public MultiMap addAll(Map<String, String> headers) {
    return map().addAll(headers);
  }

  @Override
  public MultiMap set(String name, String value) {
    return map().set(name, value);
  }

  @Override
  public MultiMap set(CharSequence name, CharSequence value) {
    return map().set(name, value);
  }

  @Override
  public MultiMap set(String name, Iterable<String> values) {
    return map().set(name, values);
  }

  @Override
  public MultiMap set(CharSequence name, Iterable<CharSequence> values) {
    return map().set(name, values);
  }

  @Override
  public MultiMap setAll(MultiMap other) {
    return map().setAll(other);
  }

  @Override
  public MultiMap setAll(Map<String, String> headers) {
    return map().setAll(headers);
  }

  @Override
  public MultiMap remove(String name) {
    return map().remove(name);
  }

  @Override
  public MultiMap remove(CharSequence name) {
    return map().remove(name);
  }

  @Override
  public MultiMap clear() {
    return map().clear();
  }

  @Override
  public int size() {
    return map != null ? map.size() : frames >= 0 ? 3 : 2;
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  @Override
  public MultiMap copy(boolean mutable) {
    return map().copy(mutable);
  }

  @Override
  public String toString() {
    return entries().toString();
  }
}
