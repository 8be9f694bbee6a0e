package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * What woke a waiting run, as the step after the wait sees it through {@link StepContext#wake()}.
 * It is recorded in the journal with the step, so a retry of that step, or a resume after a
 * crash during it, sees the same wake.
 */
public sealed interface Wake {
  /** The signal {@code name} arrived with {@code payload} (JSON null if it had none). */
  record SignalReceived(String name, JsonNode payload) implements Wake {
    public SignalReceived {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(payload, "payload");
    }

    /** The payload as {@code type}. */
    public <T> T payload(Class<T> type) {
      return payload((Type) type);
    }

    /** The payload as a (possibly generic) {@code type}. */
    public <T> T payload(Type type) {
      return Json.convert(payload, type, "payload of signal '" + name + "'");
    }
  }

  /** The time the run slept until has come. */
  record TimerFired(Instant due) implements Wake {
    public TimerFired {
      Objects.requireNonNull(due, "due");
    }
  }

  /** The signal {@code name} did not arrive before the wait's timeout, {@code due}. */
  record TimedOut(String name, Instant due) implements Wake {
    public TimedOut {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(due, "due");
    }
  }
}
