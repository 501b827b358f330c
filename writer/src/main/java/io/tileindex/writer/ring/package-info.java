/**
 * Ordered handoff from many encoding workers to the one writer thread: an Agrona many-to-one ring
 * with a bounded window, so units are written in sequence order with back-pressure. Many producers,
 * one consumer.
 */
package io.tileindex.writer.ring;
