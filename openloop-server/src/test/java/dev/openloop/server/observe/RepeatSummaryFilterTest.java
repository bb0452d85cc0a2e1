package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

/** The burst summary on a Logback context of its own, with the appender Logback ships for tests. */
class RepeatSummaryFilterTest {

    @Test
    void aBurstOfIdenticalWarningsIsOneLineWithItsStackTraceAndOneSummary() {
        LoggerContext context = new LoggerContext();
        RepeatSummaryFilter filter = new RepeatSummaryFilter();
        filter.setWindowSeconds(3600);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger("burst");
        logger.addAppender(appender);
        try {
            IllegalStateException fault = new IllegalStateException("the same fault");
            for (int i = 0; i < 1000; i++) {
                logger.warn("request failed", fault);
            }
            logger.warn("another warning");
            logger.info("information is never summarised");
            logger.info("information is never summarised");
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "request failed", "another warning", "information is never summarised", "information is never summarised");
            assertThat(appender.list.getFirst().getThrowableProxy().getMessage()).isEqualTo("the same fault");

            filter.summarise();
            assertThat(appender.list).hasSize(5);
            assertThat(appender.list.getLast().getFormattedMessage()).isEqualTo("999 more like this in the last 3600 s: request failed");
            assertThat(appender.list.getLast().getThrowableProxy()).isNull();

            logger.warn("request failed", fault);
            assertThat(appender.list).as("a new window logs the first one in full again").hasSize(6);
        } finally {
            filter.stop();
            context.stop();
        }
    }
}
