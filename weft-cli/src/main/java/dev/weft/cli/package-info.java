/**
 * The {@code weft} command line: run, resume and retry durable runs; list and inspect them;
 * verify journals; resolve in-doubt tool calls; benchmark. Every command is a picocli
 * {@code Callable<Integer>} returning the exit code: 0 ok, 1 the run failed (or needs
 * attention) or a journal failed verification, 2 a usage or input error.
 */
@NullMarked
package dev.weft.cli;

import org.jspecify.annotations.NullMarked;
