package io.lookout.processors.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // JVM lambdas, javac and ECJ
                "lambda$checkout$0                | lambda$checkout",
                "lambda$checkout$17               | lambda$checkout",
                "lambda$static$3                  | lambda$static",
                "lambda$new$1                     | lambda$new",
                "lambda$0                         | lambda",
                // Kotlin and Scala
                "checkout$lambda$0                | checkout$lambda",
                "checkout$lambda-2                | checkout$lambda",
                "$anonfun$checkout$1              | $anonfun$checkout",
                "$anonfun$3                       | $anonfun",
                // .NET compiler-generated names
                "<CheckoutAsync>d__12             | <CheckoutAsync>d",
                "<Checkout>b__0_0                 | <Checkout>b",
                // JavaScript
                "anonymous                        | <anonymous>",
                "<anonymous>                      | <anonymous>",
                "async Promise.all (index 3)      | async Promise.all",
                "Object.<anonymous>               | Object.<anonymous>",
                "TCPConnectWrap.afterConnect [as oncomplete] | TCPConnectWrap.afterConnect [as oncomplete]",
                // Python
                "<lambda>                         | <lambda>",
                "<listcomp>                       | <listcomp>",
                "<function price_for at 0x7f3a2c1b9e50> | <function price_for>",
                // stable names stay
                "checkout                         | checkout",
                "Cart.checkout.<locals>.inner     | Cart.checkout.<locals>.inner",
            })
    void functionNames(String function, String expected) {
        assertEquals(expected, FrameNames.function(function));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "com.acme.Cart$$Lambda$123/0x0000000800c0b040          | com.acme.Cart$$Lambda",
                "com.acme.Cart$$Lambda$5/1834188994                    | com.acme.Cart$$Lambda",
                "com.acme.Cart$$Lambda/0x000001f0a1c4e3f8              | com.acme.Cart$$Lambda",
                "com.acme.Cart$$Lambda$77                              | com.acme.Cart$$Lambda",
                "java.lang.invoke.LambdaForm$MH/0x0000000800c0c000      | java.lang.invoke.LambdaForm$MH",
                "java.lang.invoke.LambdaForm$DMH/1595428806            | java.lang.invoke.LambdaForm$DMH",
                "com.acme.CartService$$EnhancerBySpringCGLIB$$a1b2c3d4 | com.acme.CartService$$EnhancerBySpringCGLIB",
                "com.acme.CartService$$EnhancerByCGLIB$$abc123         | com.acme.CartService$$EnhancerByCGLIB",
                "com.acme.CartService$$FastClassBySpringCGLIB$$9f8e7d6c | com.acme.CartService$$FastClassBySpringCGLIB",
                "com.acme.CartService$$SpringCGLIB$$0                  | com.acme.CartService$$SpringCGLIB",
                "com.acme.CartService$$SpringCGLIB$$FastClass$$1       | com.acme.CartService$$SpringCGLIB$$FastClass",
                "com.acme.CartService$$EnhancerByGuice$$5e4d3c2b       | com.acme.CartService$$EnhancerByGuice",
                "com.acme.Customer$HibernateProxy$Qm4fGx2T             | com.acme.Customer$HibernateProxy",
                "com.acme.Customer$ByteBuddy$auxiliary$xYz987Ab        | com.acme.Customer$ByteBuddy",
                "com.acme.CartService$MockitoMock$1834188994           | com.acme.CartService$MockitoMock",
                "com.acme.Order_$$_jvst5a1_0                           | com.acme.Order_$$_jvst",
                "com.acme.Order_$$_javassist_12                        | com.acme.Order_$$_javassist",
                "com.sun.proxy.$Proxy42                                | com.sun.proxy.$Proxy",
                "jdk.proxy2.$Proxy187                                  | jdk.proxy.$Proxy",
                "jdk.internal.reflect.GeneratedMethodAccessor187       | jdk.internal.reflect.GeneratedMethodAccessor",
                "sun.reflect.GeneratedConstructorAccessor12            | sun.reflect.GeneratedConstructorAccessor",
                "jdk.internal.reflect.GeneratedSerializationConstructorAccessor3 | jdk.internal.reflect.GeneratedSerializationConstructorAccessor",
                "com.acme.orders.OrderService$$$view12                 | com.acme.orders.OrderService$$$view",
                "Shop.Cart+<>c__DisplayClass5_0                        | Shop.Cart+<>c__DisplayClass",
                // stable names stay: anonymous classes, Weld proxies, inner classes
                "com.acme.Cart$1                                       | com.acme.Cart$1",
                "com.acme.Order$Proxy$_$$_WeldSubclass                 | com.acme.Order$Proxy$_$$_WeldSubclass",
                "com.acme.Order$Proxy$_$$_WeldClientProxy              | com.acme.Order$Proxy$_$$_WeldClientProxy",
                "org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker | org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker",
                "com.acme.Facade$$Cafe                                 | com.acme.Facade$$Cafe",
            })
    void moduleNames(String module, String expected) {
        assertEquals(expected, FrameNames.module(module));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://shop.example.com/static/js/main.3f2a9b7c.chunk.js       | static/js/main.<hash>.chunk.js",
                "https://cdn.example.net/assets/index-BdG2a8Kq.js?v=1768210000  | assets/index-<hash>.js",
                "https://shop.example.com/static/js/app.bundle.js#frag          | static/js/app.bundle.js",
                "webpack:///./src/components/Cart.jsx                           | src/components/Cart.jsx",
                "app:///main.jsbundle                                           | main.jsbundle",
                "/app/dist/cache/warm.js:31:7                                   | /app/dist/cache/warm.js",
                "/app/node_modules/jquery/dist/jquery-3.7.1.min.js             | /app/node_modules/jquery/dist/jquery-3.7.1.min.js",
                "node:internal/process/task_queues                              | node:internal/process/task_queues",
                "Cart.java                                                      | Cart.java",
            })
    void fileNames(String filename, String expected) {
        assertEquals(expected, FrameNames.filename(filename));
    }

    @Test
    void missingNames() {
        assertEquals("?", FrameNames.function(null));
        assertEquals("?", FrameNames.function("   "));
        assertNull(FrameNames.module(null));
        assertNull(FrameNames.module(" "));
        assertNull(FrameNames.filename(""));
        assertNull(FrameNames.filename("?v=1"));
    }

    @Test
    void hostileNamesAreBoundedInTimeAndLength() {
        String[] hostile = {
            "$".repeat(100_000),
            "$$Lambda$".repeat(20_000),
            "lambda$".repeat(20_000) + "0",
            "a.".repeat(50_000) + "js",
            "/0x".repeat(30_000),
            "$$" + "a".repeat(100_000) + "g",
            "<".repeat(50_000) + ">a__" + "1".repeat(50_000),
            "1:".repeat(50_000),
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String name : hostile) {
                assertTrue(FrameNames.function(name).length() <= FrameNames.MAX_NAME_LENGTH);
                assertTrue(FrameNames.module(name).length() <= FrameNames.MAX_NAME_LENGTH);
                String file = FrameNames.filename(name);
                assertTrue(file == null || file.length() <= FrameNames.MAX_NAME_LENGTH);
            }
        });
    }
}
