/** The workflow model's replay kernel and its execution on Weft's runs, journal and leases. */
@NullMarked
package dev.weft.internal.workflow;

import org.jspecify.annotations.NullMarked;
