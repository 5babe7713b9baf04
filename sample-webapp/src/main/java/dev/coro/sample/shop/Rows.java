package dev.coro.sample.shop;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads non-null columns, naming the column when the database returned NULL where the schema forbids it. */
final class Rows {

    private Rows() {}

    static String get(Readable row, String column) {
        return require(row.get(column, String.class), column).trim();
    }

    static long getLong(Readable row, String column) {
        return require(row.get(column, Long.class), column);
    }

    static int getInt(Readable row, String column) {
        return require(row.get(column, Integer.class), column);
    }

    static Instant getInstant(Readable row, String column) {
        return require(row.get(column, OffsetDateTime.class), column).toInstant();
    }

    private static <T> T require(T value, String column) {
        if (value == null) {
            throw new IllegalStateException("column " + column + " is NULL; the schema in schema.sql forbids it");
        }
        return value;
    }
}
