package dev.openloop.server.door.console;

/** The console's one error: what went wrong for the person, shown as a page with its status. */
public final class ConsoleException extends RuntimeException {
    private final int status;

    public ConsoleException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ConsoleException badRequest(String message) {
        return new ConsoleException(400, message);
    }

    public static ConsoleException notFound(String message) {
        return new ConsoleException(404, message);
    }

    public static ConsoleException forbidden(String message) {
        return new ConsoleException(403, message);
    }

    public int status() {
        return status;
    }
}
