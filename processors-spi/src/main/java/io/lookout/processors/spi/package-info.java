/**
 * The processor SPI of Lookout.
 *
 * <p>A {@link io.lookout.processors.spi.Processor} is a CDI bean that handles one or more event
 * types. Lookout hands it a read-only {@link io.lookout.processors.spi.RawEvent}; the processor
 * rejects invalid data with an {@link io.lookout.processors.spi.InvalidEventException} and
 * otherwise answers a {@link io.lookout.processors.spi.ProcessedEvent}: the parts of the grouping
 * checksum, the one-line summary ({@code message}, {@code culprit}), derived tags and, optionally,
 * a description of how the checksum parts were chosen ({@link io.lookout.processors.spi.GroupingPart}).
 *
 * <p>This package depends on Jakarta APIs only (JSON-P for event data). See
 * {@code docs/processors.md} for a complete plug-in.
 */
package io.lookout.processors.spi;
