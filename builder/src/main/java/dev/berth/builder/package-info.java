/**
 * The Dockerfile builder. It arrives with the builder issues; until then {@code berth build} refuses to run with a
 * message saying so.
 */
package dev.berth.builder;
