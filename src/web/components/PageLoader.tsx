import { Center } from '@mantine/core';
import { LoadingIndicator } from './LoadingIndicator';

export function PageLoader() {
  return (
    <Center py="xl">
      <LoadingIndicator />
    </Center>
  );
}
