package dev.weft.internal;

import dev.weft.InvalidInputException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads the concrete type arguments a class gives a generic interface. */
public final class Generics {
  private Generics() {}

  /**
   * What {@link #typeArguments} found per class and interface: definitions are asked for their
   * types on every run started, and the answer never changes.
   */
  private static final ClassValue<Map<Class<?>, Type[]>> FOUND = new ClassValue<>() {
    @Override
    protected Map<Class<?>, Type[]> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  /**
   * The type arguments {@code type} gives {@code iface}, following superclasses and
   * superinterfaces and substituting type variables bound on the way.
   */
  public static Type[] typeArguments(Class<?> type, Class<?> iface) {
    return FOUND.get(type).computeIfAbsent(iface, i -> find(type, i)).clone();
  }

  private static Type[] find(Class<?> type, Class<?> iface) {
    Type[] found = search(type, iface, new HashMap<>());
    if (found == null) {
      throw new InvalidInputException(type.getName() + " does not implement " + iface.getName());
    }
    for (Type t : found) {
      if (t instanceof TypeVariable<?> v) {
        throw new InvalidInputException(type.getName() + " leaves type parameter " + v.getName()
            + " of " + iface.getSimpleName() + " open; implement it with concrete types or"
            + " override types()");
      }
    }
    return found;
  }

  private static Type[] search(Type type, Class<?> iface, Map<TypeVariable<?>, Type> bound) {
    Class<?> raw;
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        bound.put(vars[i], resolve(args[i], bound));
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    if (raw == iface && type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments().clone();
      for (int i = 0; i < args.length; i++) {
        args[i] = resolve(args[i], bound);
      }
      return args;
    }
    for (Type parent : raw.getGenericInterfaces()) {
      Type[] r = search(parent, iface, bound);
      if (r != null) {
        return r;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? null : search(superclass, iface, bound);
  }

  private static Type resolve(Type t, Map<TypeVariable<?>, Type> bound) {
    return t instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : t;
  }
}
