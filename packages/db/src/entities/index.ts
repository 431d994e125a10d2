import { Cart, CartItem } from './cart.ts';
import { Category, Product, ProductImage, ProductSearchTerm, Variant } from './catalog.ts';
import { Customer, Session } from './customer.ts';
import { LimitedAttempt } from './limited-attempt.ts';
import { Order, OrderLine } from './order.ts';
import { Payment, ProcessedPaymentEvent } from './payment.ts';
import { StockMovement } from './stock-movement.ts';

export * from './cart.ts';
export * from './catalog.ts';
export * from './customer.ts';
export * from './limited-attempt.ts';
export * from './order.ts';
export * from './payment.ts';
export * from './stock-movement.ts';

export const entities = [
  Category,
  Product,
  ProductImage,
  ProductSearchTerm,
  Variant,
  Customer,
  Session,
  Cart,
  CartItem,
  Order,
  OrderLine,
  Payment,
  ProcessedPaymentEvent,
  StockMovement,
  LimitedAttempt,
];
