/** Implementation details; not API, may change in any release. */
@NullMarked
package dev.weft.internal.memory;

import org.jspecify.annotations.NullMarked;
