package dev.openloop.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /sessions} lists: the sessions with logs of a project. Note that this list
 * counts its pages from <em>1</em>, unlike the others. Made like every list's parameters:
 * {@link #of} for the first page, or {@link #builder()} for more.
 *
 * @param projectId the project ({@code pr_…}); required
 * @param page the page, from 1; 1 by default
 * @param size sessions per page; 10 by default
 */
public record SessionListParams(String projectId, Integer page, Integer size) {

    /**
     * Checks that the required project is given.
     *
     * @throws NullPointerException when {@code projectId} is null
     */
    public SessionListParams {
        Objects.requireNonNull(projectId, "projectId");
    }

    /**
     * The sessions of project {@code projectId}, from the first page, in the server's page size.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the sessions of project {@code projectId}, from the first page, in the server's page size
     */
    public static SessionListParams of(String projectId) {
        return builder().projectId(projectId).build();
    }

    /**
     * A builder; {@link Builder#projectId} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same parameters for another page.
     *
     * @param newPage the page, from 0
     * @return the same parameters for another page
     */
    public SessionListParams withPage(int newPage) {
        return new SessionListParams(projectId, newPage, size);
    }

    Map<String, List<String>> query() {
        return new Query()
                .add("project_id", projectId)
                .add("page", page)
                .add("size", size)
                .toMap();
    }

    /** Builds {@link SessionListParams}. */
    public static final class Builder {
        private String projectId;
        private Integer page;
        private Integer size;

        private Builder() {
        }

        /**
         * See {@link SessionListParams#projectId()}. Required.
         *
         * @param value its value
         * @return this builder
         */
        public Builder projectId(String value) { projectId = value; return this; }
        /**
         * Sets {@link SessionListParams#page()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder page(Integer value) { page = value; return this; }
        /**
         * Sets {@link SessionListParams#size()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder size(Integer value) { size = value; return this; }

        /**
         * The parameters.
         *
         * @throws NullPointerException when no project was given
         * @return the parameters
         */
        public SessionListParams build() {
            return new SessionListParams(projectId, page, size);
        }
    }
}
