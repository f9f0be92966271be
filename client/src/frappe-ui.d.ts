// frappe-ui ships raw source that does not pass vue-tsc --strict (docs/conventions.md): this is the small typed
// surface Postventa uses, checked against the components' documented props.
declare module 'frappe-ui' {
  import type { DefineComponent } from 'vue';
  export const Button: DefineComponent<{
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost';
    theme?: 'gray' | 'blue' | 'green' | 'red';
    size?: 'sm' | 'md' | 'lg';
    label?: string;
    loading?: boolean;
    disabled?: boolean;
    type?: string;
  }>;
  export const Badge: DefineComponent<{
    theme?: 'gray' | 'blue' | 'green' | 'orange' | 'red';
    variant?: 'solid' | 'subtle' | 'outline' | 'ghost';
    size?: 'sm' | 'md' | 'lg';
    label?: string;
  }>;
  export function setConfig(key: string, value: unknown): void;
}
