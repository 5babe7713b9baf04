package dev.coro.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * Replaces Spring's {@link TransactionInterceptor} bean (the advice of {@code @EnableTransactionManagement}) by a
 * {@link CoroTransactionInterceptor} with the same attribute source, transaction manager and bean factory. Only a bean
 * of exactly that class is replaced: a subclass of the application's is left alone, and {@link CoroTransactionVerifier}
 * says at startup what that means for coroutine code.
 *
 * <p>Priority-ordered, so it is registered before the auto-proxy creator asks for the transaction advisor (and with it
 * the interceptor).
 */
final class CoroTransactionInterceptorInstaller
        implements BeanPostProcessor, BeanFactoryAware, ApplicationEventPublisherAware, PriorityOrdered {

    private @Nullable BeanFactory beanFactory;
    private @Nullable ApplicationEventPublisher publisher;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (bean.getClass() != TransactionInterceptor.class) {
            return bean;
        }
        TransactionInterceptor spring = (TransactionInterceptor) bean;
        CoroTransactionInterceptor coro = new CoroTransactionInterceptor();
        coro.setTransactionAttributeSource(spring.getTransactionAttributeSource());
        coro.setTransactionManager(spring.getTransactionManager());
        // Set only by XML configuration (<tx:annotation-driven transaction-manager="..."/>), and readable only there.
        if (beanFactory instanceof ConfigurableListableBeanFactory factory
                && factory.containsBeanDefinition(beanName)) {
            BeanDefinition definition = factory.getBeanDefinition(beanName);
            if (definition.getPropertyValues().get("transactionManagerBeanName") instanceof String name) {
                coro.setTransactionManagerBeanName(name);
            }
        }
        if (beanFactory != null) {
            coro.setBeanFactory(beanFactory);
        }
        if (publisher != null) {
            coro.setApplicationEventPublisher(publisher);
        }
        return coro;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
