/**
 * The v4 wire model: the records that travel as JSON between clients and the server.
 */
package dev.openloop.api;
