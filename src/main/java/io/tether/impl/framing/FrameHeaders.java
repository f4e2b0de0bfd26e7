package io.tether.impl.framing;

import io.vertx.core.MultiMap;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headers of an inbound message, {@code connection}, {@code seq} and, for a batch, {@code frames}: read from
 * three fields and written out only when asked. Anything else (a change, a rarer read) turns them into an ordinary
 * case-insensitive {@link MultiMap} first. Per frame this saves the hash table that each {@code addHeader} builds.
 */
public final class FrameHeaders implements MultiMap {

  private final String connection;
  private final long seq;
  private final int frames;
  private MultiMap map;

  /** @param frames the frames of a batch, or -1 for a single frame (no {@code frames} header) */
  public FrameHeaders(String connection, long seq, int frames) {
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

  private List<Map.Entry<String, String>> fixed() {
    List<Map.Entry<String, String>> list = new ArrayList<>(3);
    list.add(new AbstractMap.SimpleImmutableEntry<>("connection", connection));
    list.add(new AbstractMap.SimpleImmutableEntry<>("seq", Long.toString(seq)));
    if (frames >= 0) {
      list.add(new AbstractMap.SimpleImmutableEntry<>("frames", Integer.toString(frames)));
    }
    return list;
  }

  private String fixedValue(CharSequence name) {
    String n = name.toString();
    if (n.equalsIgnoreCase("connection")) {
      return connection;
    }
    if (n.equalsIgnoreCase("seq")) {
      return Long.toString(seq);
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
