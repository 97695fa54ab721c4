/**
 * The engine SPI: what an engine outside core needs to plug a model in. Today one module uses it,
 * {@code dev.fanout.cluster}, whose {@link dev.fanout.spi.EngineProvider} core finds with {@link
 * java.util.ServiceLoader}. Not API: users of fanout never need it, and it may change with the
 * engines.
 *
 * <p>What is here, by what an engine does with it:
 *
 * <ul>
 *   <li>implements {@link dev.fanout.spi.EngineProvider} (found by the service loader) and {@link
 *       dev.fanout.spi.Engine} (launches and cancels attempts);
 *   <li>runs each {@link dev.fanout.spi.TaskRun} handed to it: its {@link dev.fanout.spi.Work} on
 *       its input, reporting {@code begin} and {@code finish};
 *   <li>reports warnings and events through {@link dev.fanout.spi.Events}, and schedules its timers
 *       on {@link dev.fanout.spi.Scheduler};
 *   <li>runs tasks in a JVM (a cluster member) with an {@link dev.fanout.spi.AttemptWorker} per
 *       attempt over a {@link dev.fanout.spi.ResourceSlot} per worker, writing files through {@link
 *       dev.fanout.spi.LocalFile};
 *   <li>sends tasks, values and errors to another JVM as a {@link dev.fanout.spi.Recipe}, through
 *       {@link dev.fanout.spi.Codecs} and {@link dev.fanout.spi.RemoteErrors}.
 * </ul>
 *
 * <p>Exported only to {@code dev.fanout.cluster} (a qualified export in core's {@code
 * module-info}), not to everyone: the set of models is closed ({@link dev.fanout.Model} is an enum,
 * and a provider names the model it runs), so the only engine that can plug in from outside core is
 * cluster's, and a public SPI would promise a stable contract to nobody who could use it. Core's
 * own engines (in {@code dev.fanout.internal}) implement the same interfaces.
 */
package dev.fanout.spi;
