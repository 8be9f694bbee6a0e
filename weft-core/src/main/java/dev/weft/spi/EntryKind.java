package dev.weft.spi;

/**
 * The kinds of journal entries, with the stable numeric codes stored in the journal. Codes are
 * part of the on-disk format: never renumber, only add.
 */
public enum EntryKind {
  RUN_STARTED(1),
  STEP_COMMITTED(2),
  TOOL_INTENT(3),
  TOOL_RESULT(4),
  TOOL_FAILED(5),
  RUN_PAUSED(6),
  RUN_COMPLETED(7),
  RUN_FAILED(8),
  RUN_RETRIED(9),
  ATTENTION_NEEDED(10),
  CALL_RESOLVED(11),
  RUN_RESUMED(12),
  RUN_WAITING(13),
  SIGNAL_RECEIVED(14),
  TIMER_FIRED(15),
  WAIT_TIMED_OUT(16),
  // Workflows (codes 40+): each records one command of the workflow's code at a position,
  // stored as the entry's step; see docs/determinism.md.
  WF_STEP(40),
  WF_STATE(41),
  WF_VALUE(42),
  WF_LOG(43),
  WF_VERSION(44),
  WF_SLEEP(45),
  WF_SIGNAL_WAIT(46),
  WF_CHILD_STARTED(47),
  WF_CHILD_AWAIT(48),
  WF_CANCELLED(49),
  WF_CONTINUED(50),
  RUN_CANCELLED(51);

  private final int code;

  EntryKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  private static final EntryKind[] BY_CODE = new EntryKind[64];

  static {
    for (EntryKind k : values()) {
      BY_CODE[k.code] = k;
    }
  }

  /** The kind for a stored code; an unknown code means the journal was written by newer code. */
  public static EntryKind of(int code) {
    EntryKind k = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (k == null) {
      throw new IllegalArgumentException("unknown journal entry kind code " + code);
    }
    return k;
  }
}
