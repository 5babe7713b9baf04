def consumer():
    r = ''
    consumed = 0
    while True:
        n = yield r
        if not n:
            return consumed
        print('[CONSUMER] Consuming %s...' % n)
        consumed = consumed + 1
        r = '200 OK'

def produce(c):
    c.send(None)
    n = 0
    while n < 5:
        n = n + 1
        print('[PRODUCER] Producing %s...' % n)
        r = c.send(n)
        print('[PRODUCER] Consumer return: %s' % r)
    try:
        c.send(0)
    except StopIteration as e:
        print('[PRODUCER] Consumer consumed %s values' % e.value)
    c.close()

c = consumer()
produce(c)
