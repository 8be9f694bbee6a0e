/**
 * Weft: durable execution for Java. Runs of loops (and, later, graphs and workflows) survive
 * crashes, restarts and deploys: a committed step never runs again, a recorded side effect never
 * repeats, and every step can be inspected.
 *
 * <p>Start with {@link dev.weft.Weft}.
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
