package dev.openloop.server.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Turns what the web server reports of a client's own doing ({@link ClientEvents}) into one
 * quiet line: a client that closed its connection mid-request or stopped reading, and a caller's
 * malformed request (a 4xx).
 * The server logs them as warnings with a stack trace, one per event, so that a client could
 * fill the disk by opening and dropping connections. Here such an event is replaced by one line at
 * DEBUG on {@value #QUIET_LOGGER} (off by default); the server's other warnings and errors pass.
 */
public final class ExpectedEventsFilter extends TurboFilter {
    static final String QUIET_LOGGER = "dev.openloop.server.observe.ClientEvents";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t == null || !logger.getName().startsWith("io.helidon.") || !level.isGreaterOrEqual(Level.INFO)) {
            return FilterReply.NEUTRAL;
        }
        String what = ClientEvents.describe(t);
        if (what == null) {
            return FilterReply.NEUTRAL;
        }
        Logger quiet = ((LoggerContext) getContext()).getLogger(QUIET_LOGGER);
        if (quiet.isDebugEnabled()) {
            quiet.debug("{}: {}", what, LogText.escape(String.valueOf(t.getMessage())));
        }
        return FilterReply.DENY;
    }
}
