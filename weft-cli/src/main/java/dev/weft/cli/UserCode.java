package dev.weft.cli;

import dev.weft.Definition;
import dev.weft.DefinitionNotFoundException;
import dev.weft.InvalidInputException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The definitions the CLI can run: those listed in {@code META-INF/services/dev.weft.Definition}
 * on its own class path (the bundled examples) and in the {@code --classpath} jars and
 * directories. While open, the user's class loader is the thread's context class loader, so
 * code that looks up resources or services through it finds the user's jars.
 */
final class UserCode implements AutoCloseable {
  private final @Nullable URLClassLoader loader;
  private final ClassLoader previous;
  private final Map<String, Definition> byName = new TreeMap<>();

  private UserCode(@Nullable URLClassLoader loader, ClassLoader previous) {
    this.loader = loader;
    this.previous = previous;
  }

  static UserCode load(List<Path> classpath) {
    URLClassLoader loader = classpath.isEmpty() ? null
        : new URLClassLoader("weft-user", urls(classpath), Main.class.getClassLoader());
    Thread thread = Thread.currentThread();
    UserCode code = new UserCode(loader, thread.getContextClassLoader());
    ClassLoader effective = loader != null ? loader : Main.class.getClassLoader();
    thread.setContextClassLoader(effective);
    try {
      for (Definition d : ServiceLoader.load(Definition.class, effective)) {
        Definition before = code.byName.putIfAbsent(d.name(), d);
        if (before != null && before.getClass() != d.getClass()) {
          throw new InvalidInputException("two definitions are named '" + d.name() + "': "
              + before.getClass().getName() + " and " + d.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      code.close();
      throw new InvalidInputException("cannot load a definition listed in"
          + " META-INF/services/dev.weft.Definition: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      code.close();
      throw e;
    }
    return code;
  }

  /** The definition named {@code name}, or a clear error listing the known ones. */
  Definition definition(String name) {
    Definition d = byName.get(name);
    if (d == null) {
      throw new DefinitionNotFoundException(name, byName.keySet());
    }
    return d;
  }

  Collection<Definition> definitions() {
    return byName.values();
  }

  /** The names of the known definitions, sorted. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  @Override
  public void close() {
    Thread.currentThread().setContextClassLoader(previous);
    if (loader != null) {
      try {
        loader.close();
      } catch (IOException ignored) {
        // Nothing was written through the loader; an open jar handle goes with the process.
      }
    }
  }

  private static URL[] urls(List<Path> classpath) {
    URL[] urls = new URL[classpath.size()];
    for (int i = 0; i < urls.length; i++) {
      Path p = classpath.get(i);
      if (!Files.exists(p)) {
        throw new InvalidInputException("--classpath entry " + p + " does not exist");
      }
      try {
        urls[i] = p.toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new InvalidInputException("--classpath entry " + p + " is not a valid path", e);
      }
    }
    return urls;
  }
}
