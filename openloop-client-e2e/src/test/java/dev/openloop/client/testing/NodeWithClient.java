package dev.openloop.client.testing;

import dev.openloop.client.Humanloop;
import dev.openloop.testkit.OpenLoopNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link OpenLoopNode} and a {@link Humanloop} client pointed at it, shared by the tests of a
 * class: started before the first test, closed after the last. Registered as
 * {@code @RegisterExtension static final NodeWithClient openloop = new NodeWithClient();}.
 */
public final class NodeWithClient implements BeforeAllCallback, AfterAllCallback {
    private OpenLoopNode node;
    private Humanloop humanloop;

    @Override
    public void beforeAll(ExtensionContext context) {
        node = OpenLoopNode.start();
        humanloop = Clients.of(node).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        humanloop.close();
        node.close();
    }

    /** The running node, e.g. for a client of other settings or its log count. */
    public OpenLoopNode node() {
        return node;
    }

    /** A builder of another client of the node, e.g. with settings of its own. */
    public Humanloop.Builder client() {
        return Clients.of(node);
    }

    /** The client every test of the class shares. */
    public Humanloop humanloop() {
        return humanloop;
    }
}
