package dev.openloop.api.json;

import java.util.List;

/**
 * A value whose text form names what it holds but never shows it, such as provider keys:
 * {@link WireText} writes each name with a placeholder. On the wire the value travels whole.
 */
public interface ShownByName {
    /**
     * The names of what the value holds, as its JSON names them.
     *
     * @return the names, in order
     */
    List<String> names();
}
