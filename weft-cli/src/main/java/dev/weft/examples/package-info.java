/**
 * Example definitions bundled with the {@code weft} command, so that it can show durable runs
 * without any user code: {@link dev.weft.examples.Counter} ({@code counter}) and
 * {@link dev.weft.examples.Charge} ({@code charge}). Both are listed in
 * {@code META-INF/services/dev.weft.Definition}, which is how the CLI finds definitions by name.
 */
@NullMarked
package dev.weft.examples;

import org.jspecify.annotations.NullMarked;
