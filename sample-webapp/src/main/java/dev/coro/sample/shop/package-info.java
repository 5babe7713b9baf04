/** The shop's data: records, R2DBC repositories shared by every API variant, and the domain errors. */
@NullMarked
package dev.coro.sample.shop;

import org.jspecify.annotations.NullMarked;
