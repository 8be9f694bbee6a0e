/**
 * The storage SPI: what a backend implements so Weft can keep runs, journals, attempts, tool
 * calls, blobs and leases in it. Every backend passes the same contract test suite.
 */
@NullMarked
package dev.weft.spi;

import org.jspecify.annotations.NullMarked;
