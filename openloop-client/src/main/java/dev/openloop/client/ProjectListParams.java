package dev.openloop.client;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /projects} lists; a field left {@code null} takes the server's default. Made
 * like every list's parameters: {@link #of()} for the first page, or {@link #builder()} for more.
 *
 * @param page the page, from 0; 0 by default
 * @param size projects per page; 10 by default
 * @param filter only projects whose name contains this, ignoring case
 * @param userFilter only projects with a user whose name or email contains this
 * @param sortBy the order's key; {@link SortBy#CREATED_AT} by default
 * @param order the order's direction; {@link Order#DESC} by default
 */
public record ProjectListParams(Integer page, Integer size, String filter, String userFilter, SortBy sortBy, Order order) {

    /**
     * Nothing set: the first page of all projects, in the server's default order and page size.
     *
     * @return nothing set: the first page of all projects, in the server's default order and page size
     */
    public static ProjectListParams of() {
        return builder().build();
    }

    /**
     * A builder.
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
    public ProjectListParams withPage(int newPage) {
        return new ProjectListParams(newPage, size, filter, userFilter, sortBy, order);
    }

    Map<String, List<String>> query() {
        return new Query()
                .add("page", page)
                .add("size", size)
                .add("filter", filter)
                .add("user_filter", userFilter)
                .add("sort_by", sortBy == null ? null : sortBy.wire())
                .add("order", order == null ? null : order.wire())
                .toMap();
    }

    /** What projects are sorted by. */
    public enum SortBy {
        /** When the project was created. */
        CREATED_AT("created_at"),
        /** When the project last changed. */
        UPDATED_AT("updated_at"),
        /** The project's name. */
        NAME("name");

        private final String wire;

        SortBy(String wire) {
            this.wire = wire;
        }

        /**
         * The value on the wire.
         *
         * @return the value on the wire
         */
        public String wire() {
            return wire;
        }
    }

    /** Which way the sort goes. */
    public enum Order {
        /** Smallest first. */
        ASC("asc"),
        /** Largest first. */
        DESC("desc");

        private final String wire;

        Order(String wire) {
            this.wire = wire;
        }

        /**
         * The value on the wire.
         *
         * @return the value on the wire
         */
        public String wire() {
            return wire;
        }
    }

    /** Builds {@link ProjectListParams}. */
    public static final class Builder {
        private Integer page;
        private Integer size;
        private String filter;
        private String userFilter;
        private SortBy sortBy;
        private Order order;

        private Builder() {
        }

        /**
         * Sets {@link ProjectListParams#page()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder page(Integer value) { page = value; return this; }
        /**
         * Sets {@link ProjectListParams#size()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder size(Integer value) { size = value; return this; }
        /**
         * Sets {@link ProjectListParams#filter()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder filter(String value) { filter = value; return this; }
        /**
         * Sets {@link ProjectListParams#userFilter()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder userFilter(String value) { userFilter = value; return this; }
        /**
         * Sets {@link ProjectListParams#sortBy()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sortBy(SortBy value) { sortBy = value; return this; }
        /**
         * Sets {@link ProjectListParams#order()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder order(Order value) { order = value; return this; }

        /**
         * The parameters.
         *
         * @return the parameters
         */
        public ProjectListParams build() {
            return new ProjectListParams(page, size, filter, userFilter, sortBy, order);
        }
    }
}
