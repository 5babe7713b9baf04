package dev.coro.benchmarks

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * Kotlin's channels for [ChannelBenchmark], the same shapes as the Java contenders: Kotlin code because its
 * suspending API cannot be called from Java without writing continuations by hand. "EventLoop": both coroutines on
 * runBlocking's single thread (how Kotlin is usually measured); "Default": both on Dispatchers.Default (one thread
 * per core, as our virtual threads' carriers).
 */
object KotlinChannels {

    @JvmStatic
    fun pingPongEventLoop(n: Int): Int = runBlocking { pingPong(n) }

    @JvmStatic
    fun pingPongDefault(n: Int): Int = runBlocking { withContext(Dispatchers.Default) { pingPong(n) } }

    @JvmStatic
    fun buffered16EventLoop(n: Int): Int = runBlocking { buffered16(n) }

    @JvmStatic
    fun buffered16Default(n: Int): Int = runBlocking { withContext(Dispatchers.Default) { buffered16(n) } }

    private suspend fun pingPong(n: Int): Int = coroutineScope {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        launch {
            repeat(n) { pong.send(ping.receive()) }
        }
        var sum = 0
        repeat(n) {
            ping.send(it)
            sum += pong.receive()
        }
        sum
    }

    private suspend fun buffered16(n: Int): Int = coroutineScope {
        val ch = Channel<Int>(16)
        launch {
            repeat(n) { ch.send(it) }
        }
        var sum = 0
        repeat(n) { sum += ch.receive() }
        sum
    }
}
