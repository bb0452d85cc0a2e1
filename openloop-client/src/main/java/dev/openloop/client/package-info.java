/**
 * The Java SDK for the Humanloop v4 API, as served by OpenLoop or by any v4-compatible server.
 */
package dev.openloop.client;
