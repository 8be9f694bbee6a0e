/** Implementation details; not API, may change in any release. */
@NullMarked
package dev.weft.internal;

import org.jspecify.annotations.NullMarked;
