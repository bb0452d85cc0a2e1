package dev.openloop.server.chat;

import dev.openloop.server.modelconfig.StoredConfig;

/**
 * The config one sample is generated with, and how it was chosen.
 *
 * @param stored the config version
 * @param experimentId the experiment it was drawn from, or null
 * @param trialId the draw's trial id, or null
 * @param environmentId the environment whose deployment gave it, or null
 */
public record ResolvedConfig(StoredConfig stored, String experimentId, String trialId, String environmentId) {

    /** A config used directly, not through a deployment or experiment. */
    public static ResolvedConfig direct(StoredConfig stored) {
        return new ResolvedConfig(stored, null, null, null);
    }

    /** Whether two samples can share one provider call: same config, not separately drawn trials. */
    boolean sharesCallWith(ResolvedConfig other) {
        return trialId == null && other.trialId == null && stored.id().equals(other.stored.id());
    }
}
