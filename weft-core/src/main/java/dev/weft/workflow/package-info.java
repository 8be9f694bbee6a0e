/**
 * Workflows: ordinary Java code made durable by deterministic replay. A {@link
 * dev.weft.workflow.Workflow} calls steps, activities, timers and signals through its {@link
 * dev.weft.workflow.WorkflowContext}; each call is journaled at its position, and a resumed run
 * re-runs the code, returning recorded results without executing anything again. Start runs and
 * get {@link dev.weft.workflow.WorkflowHandle}s with {@link dev.weft.Weft#workflows()}.
 * The rules the code must follow are in docs/determinism.md.
 */
@NullMarked
package dev.weft.workflow;

import org.jspecify.annotations.NullMarked;
