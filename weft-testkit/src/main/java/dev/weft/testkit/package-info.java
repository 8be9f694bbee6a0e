/**
 * Testing workflows: {@link dev.weft.testkit.WeftExtension} gives each test a {@link
 * dev.weft.testkit.TestWeft} — an in-memory Weft whose clock skips time, so a one-day sleep
 * completes at once — with journal assertions ({@link dev.weft.testkit.JournalAssert}) and replay
 * tests of exported histories.
 */
@NullMarked
package dev.weft.testkit;

import org.jspecify.annotations.NullMarked;
