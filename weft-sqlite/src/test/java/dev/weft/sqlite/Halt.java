package dev.weft.sqlite;

/**
 * Stands in for the process dying in the middle of a step. Weft lets virtual machine errors
 * escape untouched (it must not record anything about them), so throwing this leaves the store
 * exactly as a crash at that instant would, apart from the released lease.
 */
final class Halt extends VirtualMachineError {
  Halt() {
    super("simulated process death");
  }
}
