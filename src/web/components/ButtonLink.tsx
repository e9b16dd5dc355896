import { Button, type ButtonProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';

type MantineButtonAnchorProps = ButtonProps & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color'>;

const MantineButtonAnchor = forwardRef<HTMLAnchorElement, MantineButtonAnchorProps>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
MantineButtonAnchor.displayName = 'MantineButtonAnchor';

const CreatedButtonLink = createLink(MantineButtonAnchor);

/** A Mantine Button that is a router link (typed `to` and `params`). */
export const ButtonLink: LinkComponent<typeof MantineButtonAnchor> = (props) => (
  <CreatedButtonLink {...props} />
);
