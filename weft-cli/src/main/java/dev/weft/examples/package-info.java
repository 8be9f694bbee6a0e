/**
 * Example definitions bundled with the {@code weft} command, so that it can show durable runs
 * without any user code: {@link dev.weft.examples.Counter} ({@code counter}),
 * {@link dev.weft.examples.Charge} ({@code charge}), {@link dev.weft.examples.Approval}
 * ({@code approval}: waits for a person's answer) and {@link dev.weft.examples.Reminder}
 * ({@code reminder}: waits for a time). All are listed in
 * {@code META-INF/services/dev.weft.Definition}, which is how the CLI finds definitions by name.
 */
@NullMarked
package dev.weft.examples;

import org.jspecify.annotations.NullMarked;
