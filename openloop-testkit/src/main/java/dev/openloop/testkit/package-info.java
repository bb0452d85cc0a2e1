/**
 * Real OpenLoop nodes for the end-to-end tests of other modules: {@link dev.openloop.testkit.OpenLoopNode}
 * starts one in the test JVM on a free port, on a SQLite file of its own.
 */
package dev.openloop.testkit;
