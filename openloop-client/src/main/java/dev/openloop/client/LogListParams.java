package dev.openloop.client;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /logs} lists: a project's logs, newest first; a field left {@code null} takes
 * the server's default. Made like every list's parameters: {@link #of} for the first page, or
 * {@link #builder()} for more.
 *
 * <pre>{@code
 * LogListParams.builder().projectId(projectId).search("refund").size(100).build()
 * }</pre>
 *
 * @param projectId the project ({@code pr_…}); required
 * @param search only logs whose inputs or output contain this, ignoring case
 * @param startDate only logs made on this day or later (UTC)
 * @param endDate only logs made on this day or earlier (UTC)
 * @param page the page, from 0; 0 by default
 * @param size logs per page; 50 by default
 */
public record LogListParams(String projectId, String search, LocalDate startDate, LocalDate endDate, Integer page,
        Integer size) {

    /**
     * Checks that the required project is given.
     *
     * @throws NullPointerException when {@code projectId} is null
     */
    public LogListParams {
        Objects.requireNonNull(projectId, "projectId");
    }

    /**
     * The first page of the logs of project {@code projectId}, in the server's page size.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the first page of the logs of project {@code projectId}, in the server's page size
     */
    public static LogListParams of(String projectId) {
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
    public LogListParams withPage(int newPage) {
        return new LogListParams(projectId, search, startDate, endDate, newPage, size);
    }

    Map<String, List<String>> query() {
        return new Query()
                .add("project_id", projectId)
                .add("search", search)
                .add("start_date", startDate)
                .add("end_date", endDate)
                .add("page", page)
                .add("size", size)
                .toMap();
    }

    /** Builds {@link LogListParams}. */
    public static final class Builder {
        private String projectId;
        private String search;
        private LocalDate startDate;
        private LocalDate endDate;
        private Integer page;
        private Integer size;

        private Builder() {
        }

        /**
         * See {@link LogListParams#projectId()}. Required.
         *
         * @param value its value
         * @return this builder
         */
        public Builder projectId(String value) { projectId = value; return this; }
        /**
         * Sets {@link LogListParams#search()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder search(String value) { search = value; return this; }
        /**
         * Sets {@link LogListParams#startDate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder startDate(LocalDate value) { startDate = value; return this; }
        /**
         * Sets {@link LogListParams#endDate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder endDate(LocalDate value) { endDate = value; return this; }
        /**
         * Sets {@link LogListParams#page()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder page(Integer value) { page = value; return this; }
        /**
         * Sets {@link LogListParams#size()}.
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
        public LogListParams build() {
            return new LogListParams(projectId, search, startDate, endDate, page, size);
        }
    }
}
