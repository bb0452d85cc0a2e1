package dev.openloop.bench;

import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Bytes the OpenLoop node has allocated on its heap since it started, read over JMX from its
 * {@code java.lang:type=Threading} bean ({@code TotalThreadAllocatedBytes}, JDK 21+).
 *
 * <p>Chosen over the node's {@code jvm_gc_memory_allocated_bytes_total} metric because that one
 * only advances when a young collection runs (it is computed from the eden's size at each GC), so a
 * window's figure depends on where the collections fell; the thread counters advance with every
 * TLAB the threads take, include threads that have ended, and count what virtual threads allocate
 * on their carriers. They are exact to within a TLAB per thread, which over thousands of requests is
 * nothing. The harness attaches to the node (same user, the JDK's attach mechanism) and starts its
 * local management agent, so it works on any build of the node, the "before" jar included, with no
 * option on its command line.
 */
final class AllocationMeter implements AutoCloseable {
    private static final ObjectName THREADING = objectName("java.lang:type=Threading");

    private final JMXConnector connector;
    private final MBeanServerConnection beans;

    private AllocationMeter(JMXConnector connector) throws java.io.IOException {
        this.connector = connector;
        this.beans = connector.getMBeanServerConnection();
    }

    /**
     * Connects to the JVM with this process id; null, with a warning on the console, when it
     * cannot (another user's process, attach disabled): the plan then runs without the figure.
     */
    static AllocationMeter attachOrWarn(long pid) {
        try {
            return attach(pid);
        } catch (IllegalStateException e) {
            System.out.println("warning: heap bytes per request will not be measured: " + e.getMessage());
            return null;
        }
    }

    /** Connects to the JVM with this process id. */
    static AllocationMeter attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new AllocationMeter(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the allocations of process " + pid + ": " + e, e);
        }
    }

    /** Heap bytes allocated by all of the node's threads so far, or -1 when it cannot be read. */
    long allocatedBytes() {
        try {
            return ((Number) beans.getAttribute(THREADING, "TotalThreadAllocatedBytes")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (java.io.IOException e) {
            // the node may already be gone; nothing to release then
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
